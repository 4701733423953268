package dev.coffer.server.files;

import java.util.List;

/** The files to download as one ZIP, by id. */
record ZipRequest(List<String> ids) {
}
