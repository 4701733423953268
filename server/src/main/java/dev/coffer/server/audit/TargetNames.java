package dev.coffer.server.audit;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The names people know for what audit entries point at by id: a file's name (also for a
 * link to it), a folder's name (also for a link to it), an API token's label, a request
 * link's title. A file that is gone keeps the name its {@code file.deleted} entry
 * recorded; a folder, the name its creation or trashing recorded; a token or request link
 * that is gone, the label its creation recorded. One query per kind of target for a whole
 * page.
 */
@Component
class TargetNames {

	/** The file id that link events carry in their details ({@code file <id>, …}). */
	static final Pattern LINKED_FILE = Pattern.compile("^file ([0-9a-fA-F-]{36})");

	private final JdbcClient jdbc;

	TargetNames(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The known names of the entries' targets, keyed by target ({@code file:<id>}). */
	Map<String, String> of(Collection<AuditEntry> entries) {
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
		Map<String, String> names = new HashMap<>();
		lookUp(names, "file:", files, "select id, name from files where id in (%s)",
				"select target, details from audit_events where action = 'file.deleted' and details is not null "
						+ "and target in (%s)");
		lookUp(names, "link:", links,
				"select l.id, f.name from links l join files f on f.id = l.file_id where l.id in (%s)", null);
		lookUp(names, "folder:", folders, "select id, name from folders where id in (%s)",
				"select target, details from audit_events where action in ('folder.created', 'folder.trashed', "
						+ "'folder.untrashed') and target in (%s)");
		lookUp(names, "folderlink:", folderLinks,
				"select l.id, fo.name from folder_links l join folders fo on fo.id = l.folder_id where l.id in (%s)",
				null);
		lookUp(names, "token:", tokens, "select id, name from api_tokens where id in (%s)",
				"select target, details from audit_events where action = 'token.created' and target in (%s)");
		lookUp(names, "request:", requests, "select id, title from file_requests where id in (%s)",
				"select target, details from audit_events where action = 'request.created' and target in (%s)");
		return names;
	}

	/**
	 * Current names first; for ids no longer there, the name an earlier entry recorded
	 * ({@code recorded} selects target and name by full target).
	 */
	private void lookUp(Map<String, String> names, String prefix, Set<String> ids, String current, String recorded) {
		if (ids.isEmpty()) {
			return;
		}
		List<String> list = List.copyOf(ids);
		this.jdbc.sql(current.formatted(placeholders(list.size())))
			.params(list)
			.query((rs, row) -> names.put(prefix + rs.getString(1), rs.getString(2)))
			.list();
		List<String> missing = list.stream().map((id) -> prefix + id).filter((t) -> !names.containsKey(t)).toList();
		if (recorded != null && !missing.isEmpty()) {
			this.jdbc.sql(recorded.formatted(placeholders(missing.size())))
				.params(missing)
				.query((rs, row) -> names.putIfAbsent(rs.getString(1), rs.getString(2)))
				.list();
		}
	}

	private static String placeholders(int count) {
		return String.join(", ", java.util.Collections.nCopies(count, "?"));
	}

}
