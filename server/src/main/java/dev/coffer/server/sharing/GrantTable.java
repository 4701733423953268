package dev.coffer.server.sharing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.coffer.server.files.Permission;

/**
 * The table of one kind of grant to users: on files ({@link ShareRepository}) or on
 * folders ({@link FolderShareRepository}). {@link UserGrants} changes either the same
 * way; what a grant allows is decided by the files package's access queries.
 */
interface GrantTable {

	Optional<Permission> permissionOf(String subjectId, String granteeId);

	void insert(String subjectId, String granteeId, Permission permission, String createdBy, Instant now);

	void update(String subjectId, String granteeId, Permission permission);

	int delete(String subjectId, String granteeId);

	/** The grants on one file or folder, by grantee's username. */
	List<Share> grantsOn(String subjectId);

}
