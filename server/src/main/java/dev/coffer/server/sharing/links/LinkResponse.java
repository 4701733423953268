package dev.coffer.server.sharing.links;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A link as the API shows it. {@code token} and {@code url} are present only in the
 * answer to the request that created the link and in the answer about one link that can
 * be copied again ({@code copyable}): lists never carry them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LinkResponse(String id, String fileId,
		@Schema(description = "active, expired, revoked, exhausted or version_deleted") String status,
		@Schema(description = "Username of who made it: the owner or an editor") String createdBy, Instant createdAt,
		Instant expiresAt, boolean passwordProtected, @Schema(description = "Absent for no limit") Integer maxDownloads,
		int downloads, Instant lastUsedAt,
		@Schema(description = "The pinned version; absent for the current version") Integer version,
		@Schema(description = "Whether GET of this link can show its token and URL again; "
				+ "false for links made before that was possible and for revoked ones") boolean copyable,
		@Schema(description = "Only when just created, or asked for this one link") String token,
		@Schema(description = "Only when just created, or asked for this one link") String url) {

	static LinkResponse of(ShareLink link, Instant now) {
		return of(link, now, null, null);
	}

	static LinkResponse of(ShareLink link, Instant now, String token, String url) {
		return new LinkResponse(link.id(), link.fileId(), link.status(now).name().toLowerCase(Locale.ROOT),
				link.creator(), link.createdAt(), link.expiresAt(), link.passwordProtected(), link.maxDownloads(),
				link.used(), link.lastUsedAt(), link.versionNumber(), link.copyable(), token, url);
	}

	@Override
	public String toString() {
		return "LinkResponse[id=" + this.id + "]";
	}

}
