package dev.coffer.server.dav;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dead properties (table {@code dav_properties}, V30): what PROPPATCH stores on a file or
 * folder and PROPFIND returns. A PROPPATCH is all or nothing (RFC 4918 §9.2): its
 * instructions run in order in one transaction, and if one of them cannot be done,
 * nothing is changed and every other property is answered {@code 424 Failed Dependency}.
 * Properties in the {@code DAV:} namespace are the server's own and cannot be set or
 * removed (403). The caller has found the resource in the user's own tree.
 */
@Component
class DeadProperties {

	/** Properties per file or folder. */
	static final int MAX_PER_RESOURCE = 100;

	/** Characters in a value, as stored. */
	static final int MAX_VALUE = 4000;

	static final int MAX_NAME = 255;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	DeadProperties(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** A file's or folder's dead properties by name, values as stored XML. */
	Map<QName, String> of(DavResource resource) {
		if (resource instanceof DavResource.Shelf) {
			return Map.of();
		}
		Map<QName, String> properties = new LinkedHashMap<>();
		this.jdbc
			.sql("select prop_namespace, prop_name, prop_value from dav_properties where " + column(resource) + " = ?")
			.param(idOf(resource))
			.query((rs) -> {
				properties.put(new QName(rs.getString("prop_namespace"), rs.getString("prop_name")),
						rs.getString("prop_value"));
			});
		return properties;
	}

	/**
	 * The dead properties of a page of a folder's entries (up to
	 * {@link dev.coffer.server.files.FolderListing#MAX_LIMIT}): two queries, whatever the
	 * page's size. Entries without any are not in the map.
	 */
	Map<DavResource, Map<QName, String>> of(List<DavResource> page) {
		Map<String, DavResource> byId = new HashMap<>();
		page = page.stream().filter((resource) -> !(resource instanceof DavResource.Shelf)).toList();
		page.forEach((resource) -> byId.put(column(resource) + ":" + idOf(resource), resource));
		Map<DavResource, Map<QName, String>> properties = new HashMap<>();
		for (String column : List.of("file_id", "folder_id")) {
			List<String> ids = page.stream()
				.filter((resource) -> column(resource).equals(column))
				.map(DeadProperties::idOf)
				.toList();
			if (ids.isEmpty()) {
				continue;
			}
			this.jdbc
				.sql("select " + column + " as id, prop_namespace, prop_name, prop_value from dav_properties where "
						+ column + " in (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")
				.params(ids)
				.query((rs) -> {
					DavResource resource = byId.get(column + ":" + rs.getString("id"));
					properties.computeIfAbsent(resource, (key) -> new LinkedHashMap<>())
						.put(new QName(rs.getString("prop_namespace"), rs.getString("prop_name")),
								rs.getString("prop_value"));
				});
		}
		return properties;
	}

	/**
	 * Applies a PROPPATCH.
	 * @return the status of each property named, in order: all 200, or the refused ones
	 * 403 or 507 and the others 424, and then nothing changed
	 */
	Map<QName, Integer> apply(DavResource resource, Proppatch patch) {
		Map<QName, Integer> refused = new LinkedHashMap<>();
		for (Proppatch.Update update : patch.updates()) {
			Integer status = refusal(resource, update);
			if (status != null) {
				refused.put(update.name(), status);
			}
		}
		if (refused.isEmpty()) {
			Boolean fits = this.transactions.execute((tx) -> {
				for (Proppatch.Update update : patch.updates()) {
					delete(resource, update.name());
					if (update.value() != null) {
						insert(resource, update.name(), update.value());
					}
				}
				if (count(resource) <= MAX_PER_RESOURCE) {
					return true;
				}
				tx.setRollbackOnly();
				return false;
			});
			if (Boolean.TRUE.equals(fits)) {
				return statuses(patch, Map.of(), 200);
			}
			patch.updates().stream().filter((update) -> update.value() != null).forEach((update) -> {
				refused.put(update.name(), 507);
			});
		}
		return statuses(patch, refused, 424);
	}

	/** Gives a copy the dead properties of what it was copied from. */
	void copy(DavResource from, DavResource to) {
		of(from).forEach((name, value) -> insert(to, name, value));
	}

	private static Integer refusal(DavResource resource, Proppatch.Update update) {
		if (Propfind.DAV.equals(update.name().getNamespaceURI())
				|| (resource instanceof DavResource.Collection collection && collection.folder().isRoot())) {
			return 403; // the server's own properties; the top folder has no row to hold
						// any
		}
		if (update.name().getNamespaceURI().length() > MAX_NAME || update.name().getLocalPart().length() > MAX_NAME
				|| (update.value() != null && update.value().length() > MAX_VALUE)) {
			return 507;
		}
		return null;
	}

	private static Map<QName, Integer> statuses(Proppatch patch, Map<QName, Integer> refused, int others) {
		Map<QName, Integer> statuses = new LinkedHashMap<>();
		for (Proppatch.Update update : patch.updates()) {
			statuses.put(update.name(), refused.getOrDefault(update.name(), others));
		}
		return statuses;
	}

	private void insert(DavResource resource, QName name, String value) {
		List<Object> params = new ArrayList<>();
		params.add((resource instanceof DavResource.Document) ? idOf(resource) : null);
		params.add((resource instanceof DavResource.Collection) ? idOf(resource) : null);
		params.add(name.getNamespaceURI());
		params.add(name.getLocalPart());
		params.add(value);
		this.jdbc
			.sql("insert into dav_properties (file_id, folder_id, prop_namespace, prop_name, prop_value) "
					+ "values (?, ?, ?, ?, ?)")
			.params(params)
			.update();
	}

	private void delete(DavResource resource, QName name) {
		this.jdbc
			.sql("delete from dav_properties where " + column(resource)
					+ " = ? and prop_namespace = ? and prop_name = ?")
			.params(idOf(resource), name.getNamespaceURI(), name.getLocalPart())
			.update();
	}

	private long count(DavResource resource) {
		return this.jdbc.sql("select count(*) from dav_properties where " + column(resource) + " = ?")
			.param(idOf(resource))
			.query(Long.class)
			.single();
	}

	private static String column(DavResource resource) {
		return (resource instanceof DavResource.Document) ? "file_id" : "folder_id";
	}

	private static String idOf(DavResource resource) {
		return switch (resource) {
			case DavResource.Document document -> document.file().id();
			case DavResource.Collection collection -> collection.folder().id();
			case DavResource.Shelf shelf -> throw new IllegalArgumentException("A shelf holds no properties");
		};
	}

}
