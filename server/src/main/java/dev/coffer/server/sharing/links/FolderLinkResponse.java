package dev.coffer.server.sharing.links;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A link to a folder as the API shows it. {@code token} and {@code url} are present only
 * in the answer to the request that created the link and in the answer about one link
 * that is not revoked: lists never carry them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FolderLinkResponse(String id, String folderId,
		@Schema(description = "active, expired, revoked or exhausted") String status, String createdBy,
		Instant createdAt, Instant expiresAt, boolean passwordProtected,
		@Schema(description = "Absent for no limit; each file or ZIP downloaded counts as one") Integer maxDownloads,
		int downloads, Instant lastUsedAt,
		@Schema(description = "Whether GET of this link can show its token and URL again; false once revoked") boolean copyable,
		@Schema(description = "Only when just created, or asked for this one link") String token,
		@Schema(description = "Only when just created, or asked for this one link") String url) {

	static FolderLinkResponse of(FolderLink link, Instant now, String token, String url) {
		return new FolderLinkResponse(link.id(), link.folderId(), link.status(now).name().toLowerCase(Locale.ROOT),
				link.creator(), link.createdAt(), link.expiresAt(), link.passwordProtected(), link.maxDownloads(),
				link.used(), link.lastUsedAt(), link.copyable(), token, url);
	}

	@Override
	public String toString() {
		return "FolderLinkResponse[id=" + this.id + "]";
	}

}
