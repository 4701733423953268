package dev.coffer.server.sharing.links;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A link as the API shows it. {@code token} and {@code url} are present only in the
 * answer to the request that created the link: the server keeps only the token's hash.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LinkResponse(String id, String fileId,
		@Schema(description = "active, expired, revoked, exhausted or version_deleted") String status,
		@Schema(description = "Username of who made it: the owner or an editor") String createdBy, Instant createdAt,
		Instant expiresAt, boolean passwordProtected, @Schema(description = "Absent for no limit") Integer maxDownloads,
		int downloads, Instant lastUsedAt,
		@Schema(description = "The pinned version; absent for the current version") Integer version,
		@Schema(description = "Only when just created") String token,
		@Schema(description = "Only when just created") String url) {

	static LinkResponse of(ShareLink link, Instant now) {
		return of(link, now, null, null);
	}

	static LinkResponse of(ShareLink link, Instant now, String token, String url) {
		return new LinkResponse(link.id(), link.fileId(), link.status(now).name().toLowerCase(Locale.ROOT),
				link.creator(), link.createdAt(), link.expiresAt(), link.passwordProtected(), link.maxDownloads(),
				link.used(), link.lastUsedAt(), link.versionNumber(), token, url);
	}

	@Override
	public String toString() {
		return "LinkResponse[id=" + this.id + "]";
	}

}
