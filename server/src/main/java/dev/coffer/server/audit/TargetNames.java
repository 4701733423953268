package dev.coffer.server.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.server.NotFoundException;
import dev.coffer.server.account.User;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.FolderService;

/**
 * The names people know for what audit entries point at by id: a file's name (also for a
 * link to it), a folder's name (also for a link to it), an API token's label, a request
 * link's title. A file that is gone keeps the name its {@code file.deleted} entry
 * recorded; a folder, the name its creation or trashing recorded; a token or request link
 * that is gone, the label its creation recorded. One query per kind of target for a whole
 * page. A user reading their own events gets only the names they may see now: a file or
 * folder through the access policy (one unshared since, or renamed by its owner after,
 * stays nameless, as it would answer 404), their own tokens and request links, and of
 * what is gone only the names their own entries recorded.
 */
@Component
class TargetNames {

	/** The file id that link events carry in their details ({@code file <id>, …}). */
	static final Pattern LINKED_FILE = Pattern.compile("^file ([0-9a-fA-F-]{36})");

	private final JdbcClient jdbc;

	private final FileService files;

	private final FolderService folders;

	TargetNames(JdbcClient jdbc, FileService files, FolderService folders) {
		this.jdbc = jdbc;
		this.files = files;
		this.folders = folders;
	}

	/** Every known name of the entries' targets, keyed by target: for administrators. */
	Map<String, String> of(Collection<AuditEntry> entries) {
		return lookUp(entries, null);
	}

	/** The names of the entries' targets that {@code viewer} may see now. */
	Map<String, String> visibleTo(User viewer, Collection<AuditEntry> entries) {
		return lookUp(entries, viewer);
	}

	/**
	 * The names of the entries' targets, keyed by target ({@code file:<id>}): all, or
	 * those {@code viewer} may see.
	 */
	private Map<String, String> lookUp(Collection<AuditEntry> entries, User viewer) {
		Set<String> files = new LinkedHashSet<>();
		Set<String> links = new LinkedHashSet<>();
		Set<String> folders = new LinkedHashSet<>();
		Set<String> folderLinks = new LinkedHashSet<>();
		Set<String> tokens = new LinkedHashSet<>();
		Set<String> requests = new LinkedHashSet<>();
		for (AuditEntry entry : entries) {
			String target = (entry.target() != null) ? entry.target() : "";
			if (target.startsWith("file:")) {
				files.add(target.substring(5));
			}
			else if (target.startsWith("link:")) {
				links.add(target.substring(5));
				Matcher file = LINKED_FILE.matcher((entry.details() != null) ? entry.details() : "");
				if (file.find()) {
					files.add(file.group(1));
				}
			}
			else if (target.startsWith("folder:")) {
				folders.add(target.substring(7));
			}
			else if (target.startsWith("folderlink:")) {
				folderLinks.add(target.substring(11));
			}
			else if (target.startsWith("token:")) {
				tokens.add(target.substring(6));
			}
			else if (target.startsWith("request:")) {
				requests.add(target.substring(8));
			}
		}
		Lookup lookup = new Lookup(viewer);
		lookup.names("file:", files, "select id, name, id from files where id in (%s)", this::canSeeFile,
				"select target, details from audit_events where action = 'file.deleted' and details is not null "
						+ "and target in (%s)");
		lookup.names("link:", links,
				"select l.id, f.name, f.id from links l join files f on f.id = l.file_id where l.id in (%s)",
				this::canSeeFile, null);
		lookup.names("folder:", folders, "select id, name, id from folders where id in (%s)", this::canSeeFolder,
				"select target, details from audit_events where action in ('folder.created', 'folder.trashed', "
						+ "'folder.untrashed') and target in (%s)");
		lookup.names("folderlink:", folderLinks,
				"select l.id, fo.name, fo.id from folder_links l join folders fo on fo.id = l.folder_id "
						+ "where l.id in (%s)",
				this::canSeeFolder, null);
		lookup.names("token:", tokens, "select id, name, user_id from api_tokens where id in (%s)", TargetNames::isOwn,
				"select target, details from audit_events where action = 'token.created' and target in (%s)");
		lookup.names("request:", requests, "select id, title, owner_id from file_requests where id in (%s)",
				TargetNames::isOwn,
				"select target, details from audit_events where action = 'request.created' and target in (%s)");
		return lookup.found;
	}

	private boolean canSeeFile(User viewer, String fileId) {
		return canSee(() -> this.files.access(viewer.id(), fileId));
	}

	private boolean canSeeFolder(User viewer, String folderId) {
		return canSee(() -> this.folders.access(viewer.id(), folderId));
	}

	private static boolean isOwn(User viewer, String ownerId) {
		return viewer.id().equals(ownerId);
	}

	private static boolean canSee(Runnable access) {
		try {
			access.run();
			return true;
		}
		catch (NotFoundException ex) {
			return false;
		}
	}

	/**
	 * Whether a viewer may see a target's name, decided from the third column of its
	 * current row (the file, folder or owner it belongs to).
	 */
	@FunctionalInterface
	private interface Visibility {

		boolean allows(User viewer, String guard);

	}

	/** The names found for one page, for one viewer or (null) for everyone. */
	private final class Lookup {

		private final Map<String, String> found = new HashMap<>();

		private final User viewer;

		Lookup(User viewer) {
			this.viewer = viewer;
		}

		/**
		 * Current names first ({@code current} selects id, name and what
		 * {@code visibility} decides by); for ids no longer there, the name an earlier
		 * entry recorded ({@code recorded} selects target and name by full target) — for
		 * a viewer, one of their own entries.
		 */
		void names(String prefix, Set<String> ids, String current, Visibility visibility, String recorded) {
			if (ids.isEmpty()) {
				return;
			}
			List<String> list = List.copyOf(ids);
			Set<String> present = new HashSet<>();
			TargetNames.this.jdbc.sql(current.formatted(placeholders(list.size()))).params(list).query((rs, row) -> {
				String target = prefix + rs.getString(1);
				present.add(target);
				if (this.viewer == null || visibility.allows(this.viewer, rs.getString(3))) {
					this.found.put(target, rs.getString(2));
				}
				return target;
			}).list();
			List<Object> missing = new ArrayList<>(
					list.stream().map((id) -> prefix + id).filter((t) -> !present.contains(t)).toList());
			if (recorded == null || missing.isEmpty()) {
				return;
			}
			String sql = recorded.formatted(placeholders(missing.size()));
			if (this.viewer != null) {
				sql += " and actor = ?";
				missing.add(this.viewer.username());
			}
			TargetNames.this.jdbc.sql(sql)
				.params(missing)
				.query((rs, row) -> this.found.putIfAbsent(rs.getString(1), rs.getString(2)))
				.list();
		}

	}

	private static String placeholders(int count) {
		return String.join(", ", java.util.Collections.nCopies(count, "?"));
	}

}
