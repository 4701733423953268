package dev.coffer.cli.http;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/**
 * Coffer's REST API (docs/API.md) as methods, over one {@link ServerConnection}. Answers
 * are the server's JSON as it came, so that {@code --json} can print it unchanged.
 * <p>
 * Files are found by their path from your top folder ({@code a.txt},
 * {@code reports/q1.pdf}: {@link #file}), one folder at a time; an upload to a path makes
 * the folders on the way first ({@link #makeFolders}).
 */
public final class CofferApi {

	private final ServerConnection connection;

	public CofferApi(ServerConnection connection) {
		this.connection = connection;
	}

	public ServerConnection connection() {
		return this.connection;
	}

	public JsonObject me() {
		return object(get("/api/v1/me"));
	}

	public JsonArray files() {
		return array(get("/api/v1/files?sort=name"));
	}

	/**
	 * Your file at {@code path}: a name in your top folder ({@code a.txt}) or a path
	 * through your folders ({@code reports/q1.pdf}).
	 * @throws CofferException with {@link ExitCodes#NOT_FOUND} if there is none
	 * ({@link #noFile})
	 */
	public JsonObject file(String path) {
		return findFile(path).orElseThrow(() -> noFile(path));
	}

	/**
	 * The id of your file at {@code path}, for the calls that take one.
	 * @throws CofferException with {@link ExitCodes#NOT_FOUND} if there is none
	 */
	public String fileId(String path) {
		return file(path).get("id").getAsString();
	}

	/**
	 * Your file at {@code path} (as {@link #file}), if there is one: its folders are
	 * found one at a time from your top folder.
	 */
	public Optional<JsonObject> findFile(String path) {
		List<String> segments = segments(path);
		if (segments.isEmpty()) {
			return Optional.empty();
		}
		return findFolderId(String.join("/", segments.subList(0, segments.size() - 1)))
			.flatMap((folderId) -> findFileIn(folderId, segments.getLast()));
	}

	/**
	 * A file or folder of yours, found by path.
	 *
	 * @param id its id
	 * @param isFolder whether it is a folder
	 */
	public record Entry(String id, boolean isFolder) {
	}

	/**
	 * Your file or folder at {@code path} (never your top folder), for the commands that
	 * take either: the folders above it are found once and its own folder listed once (a
	 * name is a file's or a folder's, never both).
	 */
	public Optional<Entry> findEntry(String path) {
		List<String> segments = segments(path);
		if (segments.isEmpty()) {
			return Optional.empty();
		}
		return findFolderId(String.join("/", segments.subList(0, segments.size() - 1)))
			.flatMap((parentId) -> entriesOf(parentId).asList()
				.stream()
				.map(JsonElement::getAsJsonObject)
				.filter((entry) -> segments.getLast().equals(entry.get("name").getAsString()))
				.findFirst())
			.map((entry) -> new Entry(entry.get("id").getAsString(), "folder".equals(entry.get("type").getAsString())));
	}

	/**
	 * That there is no file at {@code path}, in the same words whatever the command: a
	 * folder there is said to be one, and the hint lists the deepest folder of the path
	 * that exists.
	 */
	public CofferException noFile(String path) {
		List<String> segments = segments(path);
		int found = foldersAlong(segments).size();
		String shown = String.join("/", segments);
		String listing = ("coffer ls " + String.join("/", segments.subList(0, found))).strip();
		if (!segments.isEmpty() && found == segments.size()) {
			return new CofferException(ExitCodes.NOT_FOUND,
					quoted(shown) + " is a folder, not a file (see '" + listing + "')");
		}
		return new CofferException(ExitCodes.NOT_FOUND,
				"No file " + quoted(shown) + " in your files (see '" + listing + "')");
	}

	/**
	 * That there is neither a file nor a folder at {@code path}, for the commands that
	 * take both, with the same hint as {@link #noFile}.
	 */
	public CofferException noFileOrFolder(String path) {
		CofferException noFile = noFile(path);
		return new CofferException(noFile.exitCode(),
				noFile.getMessage().replaceFirst("^No file ", "No file or folder "));
	}

	/** Your file (or one shared with you) with this id. */
	public JsonObject fileById(String fileId) {
		return object(get("/api/v1/files/" + encodePath(fileId)));
	}

	/** The server's resumable uploads, for files large enough to be worth resuming. */
	public ResumableUploads resumableUploads() {
		return new ResumableUploads(this.connection);
	}

	/**
	 * Uploads {@code name} into the folder {@code folderId} ({@code root}: your top
	 * folder): a new file, or a new version of the file of that name there. The name goes
	 * in the query, never in the URL's path, where the server refuses an encoded
	 * {@code %}, {@code ;} or {@code \} before its own checks. {@code endToEnd}: the
	 * content is end-to-end ciphertext, and the version is marked so.
	 * @return the file as it is now
	 */
	public JsonObject upload(String folderId, String name, HttpRequest.BodyPublisher content, boolean endToEnd) {
		return object(this.connection.json(this.connection.request(uploadPath(folderId, name, endToEnd))
			.header("Content-Type", "application/octet-stream")
			.PUT(content)
			.build()));
	}

	/**
	 * As {@link #upload(String, String, HttpRequest.BodyPublisher, boolean)}, for content
	 * of a known length, sent over its own blocking connection (faster for large files).
	 */
	public JsonObject upload(String folderId, String name, long length, ServerConnection.ContentWriter content,
			boolean endToEnd) {
		return object(this.connection.json(this.connection.request(uploadPath(folderId, name, endToEnd))
			.header("Content-Type", "application/octet-stream")
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build(), length, content));
	}

	private static String uploadPath(String folderId, String name, boolean endToEnd) {
		return "/api/v1/files?name=" + encode(name) + "&folderId=" + encode(folderId) + (endToEnd ? "&e2e=true" : "");
	}

	/**
	 * The folders and files in the folder at {@code path} ({@code ""}: your top folder),
	 * folders first, each folder with {@code "type": "folder"} and each file with
	 * {@code "type": "file"}, all pages of it.
	 * @throws CofferException with {@link ExitCodes#NOT_FOUND} if there is no such folder
	 */
	public JsonArray folderEntries(String path) {
		return entriesOf(folderId(path));
	}

	/**
	 * The folders and files in the folder with this id, as {@link #folderEntries}: yours,
	 * or one shared with you.
	 */
	public JsonArray entriesOf(String folderId) {
		JsonArray entries = new JsonArray();
		String cursor = null;
		do {
			JsonObject page = entriesPage(folderId, cursor);
			for (JsonElement folder : array(page.get("folders"))) {
				folder.getAsJsonObject().addProperty("type", "folder");
				entries.add(folder);
			}
			for (JsonElement file : array(page.get("files"))) {
				file.getAsJsonObject().addProperty("type", "file");
				entries.add(file);
			}
			cursor = nextCursor(page);
		}
		while (cursor != null);
		return entries;
	}

	/**
	 * The id of your folder at {@code path} ({@code ""}: your top folder, {@code root}).
	 * @throws CofferException with {@link ExitCodes#NOT_FOUND} if there is no such folder
	 */
	public String folderId(String path) {
		return findFolderId(path).orElseThrow(() -> new CofferException(ExitCodes.NOT_FOUND,
				"You have no folder " + quoted(path) + ". See your folders with: coffer ls"));
	}

	/**
	 * The id of your folder at {@code path} ({@code ""}: your top folder, {@code root}),
	 * if there is one.
	 */
	public Optional<String> findFolderId(String path) {
		List<String> segments = segments(path);
		List<String> found = foldersAlong(segments);
		if (found.size() < segments.size()) {
			return Optional.empty();
		}
		return Optional.of(found.isEmpty() ? "root" : found.getLast());
	}

	/**
	 * The ids of your folders along {@code segments} from your top folder, as far as they
	 * exist.
	 */
	private List<String> foldersAlong(List<String> segments) {
		List<String> found = new ArrayList<>();
		String folderId = "root";
		for (String segment : segments) {
			Optional<String> next = subfolderId(folderId, segment);
			if (next.isEmpty()) {
				break;
			}
			folderId = next.get();
			found.add(folderId);
		}
		return found;
	}

	/**
	 * The id of your folder at {@code path}, making the folders of it that are missing
	 * (as an upload to a path does).
	 */
	public String makeFolders(String path) {
		return makeFolders(path, (made) -> {
		});
	}

	/**
	 * As {@link #makeFolders(String)}; {@code made} is given the path of each folder this
	 * call made, top first.
	 */
	public String makeFolders(String path, Consumer<String> made) {
		String folderId = "root";
		List<String> along = new ArrayList<>();
		for (String segment : segments(path)) {
			along.add(segment);
			Optional<String> existing = subfolderId(folderId, segment);
			if (existing.isPresent()) {
				folderId = existing.get();
			}
			else {
				folderId = createFolder(folderId, segment);
				made.accept(String.join("/", along));
			}
		}
		return folderId;
	}

	private String createFolder(String parentId, String name) {
		JsonObject body = new JsonObject();
		body.addProperty("name", name);
		body.addProperty("parentId", parentId);
		try {
			return object(send("POST", "/api/v1/folders", body)).get("id").getAsString();
		}
		catch (ServerProblemException ex) {
			// Made by someone else in the meantime: that one will do.
			if (ex.status() == 409) {
				return subfolderId(parentId, name).orElseThrow(() -> ex);
			}
			throw ex;
		}
	}

	/** The file called {@code name} in folder {@code folderId}, if any. */
	public Optional<JsonObject> findFileIn(String folderId, String name) {
		String cursor = null;
		do {
			JsonObject page = entriesPage(folderId, cursor);
			for (JsonElement file : array(page.get("files"))) {
				if (name.equals(file.getAsJsonObject().get("name").getAsString())) {
					return Optional.of(file.getAsJsonObject());
				}
			}
			cursor = nextCursor(page);
		}
		while (cursor != null);
		return Optional.empty();
	}

	/** The id of the folder called {@code name} in folder {@code parentId}, if any. */
	Optional<String> subfolderId(String parentId, String name) {
		String cursor = null;
		do {
			JsonObject page = entriesPage(parentId, cursor);
			for (JsonElement folder : array(page.get("folders"))) {
				if (name.equals(folder.getAsJsonObject().get("name").getAsString())) {
					return Optional.of(folder.getAsJsonObject().get("id").getAsString());
				}
			}
			if (!array(page.get("files")).isEmpty()) {
				return Optional.empty(); // folders come first: none is left
			}
			cursor = nextCursor(page);
		}
		while (cursor != null);
		return Optional.empty();
	}

	private JsonObject entriesPage(String folderId, String cursor) {
		return object(get("/api/v1/folders/" + encodePath(folderId) + "/entries?limit=1000"
				+ ((cursor != null) ? "&cursor=" + encode(cursor) : "")));
	}

	private static String nextCursor(JsonObject page) {
		JsonElement next = page.get("next");
		return (next != null && !next.isJsonNull()) ? next.getAsString() : null;
	}

	/**
	 * The names of a path's folders and file; empty ones (from "//" or an end "/") left
	 * out. Every path a user types passes here, so {@code .} and {@code ..} are refused
	 * here, the same way in every command: no file or folder has such a name, a path is
	 * never taken from a current folder, and the server would refuse such a name only
	 * when it got to it, after making the folders before it. The names are in Unicode's
	 * NFC, as the server stores every name ({@link #normalized}).
	 * @throws CofferException with {@link ExitCodes#USAGE} for a {@code .} or {@code ..}
	 */
	public static List<String> segments(String path) {
		List<String> segments = Arrays.stream(normalized(path).split("/"))
			.filter((segment) -> !segment.isEmpty())
			.toList();
		if (segments.stream().anyMatch((segment) -> segment.equals(".") || segment.equals(".."))) {
			throw new CofferException(ExitCodes.USAGE,
					quoted(".") + " and " + quoted("..") + " cannot be the names of files or folders: " + quoted(path));
		}
		return segments;
	}

	/** The content of a file's current version, or of version {@code version}. */
	public HttpResponse<InputStream> download(String fileId, Integer version) {
		String path = (version == null) ? "/api/v1/files/" + fileId + "/content"
				: "/api/v1/files/" + fileId + "/versions/" + version + "/content";
		return this.connection.stream(this.connection.request(path).GET().build());
	}

	public void delete(String fileId) {
		send("DELETE", "/api/v1/files/" + fileId, null);
	}

	/**
	 * Deletes files and folders (each with everything in it) in one request: all of them,
	 * or none if any cannot be.
	 */
	public void deleteAll(List<String> fileIds, List<String> folderIds) {
		JsonObject body = new JsonObject();
		JsonArray ids = new JsonArray();
		fileIds.forEach(ids::add);
		JsonArray folders = new JsonArray();
		folderIds.forEach(folders::add);
		body.add("ids", ids);
		body.add("folderIds", folders);
		send("POST", "/api/v1/files/delete", body);
	}

	/**
	 * Moves a file into another folder and/or renames it, in one request (so it is never
	 * in both places or in neither).
	 * @param folderId the folder to move it into, or null to leave it where it is
	 * @param newName its new name, or null to keep its name
	 * @return the file as it is now
	 */
	public JsonObject move(String fileId, String folderId, String newName) {
		return object(send("PATCH", "/api/v1/files/" + encodePath(fileId), moveBody("folderId", folderId, newName)));
	}

	/**
	 * Moves a folder, with everything in it, into another folder and/or renames it, in
	 * one request.
	 * @param parentId the folder to move it into, or null to leave it where it is
	 * @param newName its new name, or null to keep its name
	 * @return the folder as it is now
	 */
	public JsonObject moveFolder(String folderId, String parentId, String newName) {
		return object(
				send("PATCH", "/api/v1/folders/" + encodePath(folderId), moveBody("parentId", parentId, newName)));
	}

	/**
	 * A move's body: the folder to go into under {@code intoField} (files and folders
	 * name it differently), and the new name, each only if given.
	 */
	private static JsonObject moveBody(String intoField, String into, String newName) {
		JsonObject body = new JsonObject();
		if (into != null) {
			body.addProperty(intoField, into);
		}
		if (newName != null) {
			body.addProperty("name", newName);
		}
		return body;
	}

	public JsonArray versions(String fileId) {
		return array(get("/api/v1/files/" + fileId + "/versions"));
	}

	public JsonObject restore(String fileId, int version) {
		return object(send("POST", "/api/v1/files/" + fileId + "/versions/" + version + "/restore", null));
	}

	public JsonObject share(String fileId, String user, String permission) {
		JsonObject body = new JsonObject();
		body.addProperty("permission", permission);
		JsonElement answer = send("PUT", "/api/v1/files/" + fileId + "/shares/" + encodePath(user), body);
		return (answer != null) ? object(answer) : new JsonObject();
	}

	/** Shares your folder, with everything in it now and later. */
	public JsonObject shareFolder(String folderId, String user, String permission) {
		JsonObject body = new JsonObject();
		body.addProperty("permission", permission);
		JsonElement answer = send("PUT", "/api/v1/folders/" + encodePath(folderId) + "/shares/" + encodePath(user),
				body);
		return (answer != null) ? object(answer) : new JsonObject();
	}

	public void unshareFolder(String folderId, String user) {
		send("DELETE", "/api/v1/folders/" + encodePath(folderId) + "/shares/" + encodePath(user), null);
	}

	public void unshare(String fileId, String user) {
		send("DELETE", "/api/v1/files/" + fileId + "/shares/" + encodePath(user), null);
	}

	public JsonArray shares(String fileId) {
		return array(get("/api/v1/files/" + fileId + "/shares"));
	}

	/**
	 * The path of your folder with this id from your top folder ({@code ""} for the top
	 * folder itself), if it is there (not in the trash, nor gone): its parents are asked
	 * for one at a time. {@code known} keeps the paths found, for the next call.
	 */
	public Optional<String> folderPath(String folderId, Map<String, Optional<String>> known) {
		if (known.containsKey(folderId)) {
			return known.get(folderId);
		}
		Optional<String> path;
		try {
			JsonObject folder = object(get("/api/v1/folders/" + encodePath(folderId)));
			JsonElement parent = folder.get("parentId");
			if (parent == null || parent.isJsonNull()) {
				path = Optional.of("");
			}
			else {
				String name = folder.get("name").getAsString();
				path = folderPath(parent.getAsString(), known)
					.map((above) -> above.isEmpty() ? name : above + "/" + name);
			}
		}
		catch (ServerProblemException ex) {
			if (ex.status() != 404) {
				throw ex;
			}
			path = Optional.empty();
		}
		known.put(folderId, path);
		return path;
	}

	/**
	 * What you deleted and the server keeps in your trash, most recently deleted first.
	 */
	public JsonArray trash() {
		return array(get("/api/v1/trash"));
	}

	/**
	 * Puts an entry of your trash back.
	 * @param type {@code file} or {@code folder}, as the trash listing says
	 * @return where it is now: its name and folder
	 */
	public JsonObject untrash(String type, String id) {
		return object(send("POST", "/api/v1/trash/" + type + "s/" + encodePath(id) + "/restore", null));
	}

	/** The files other users share with you, most recently changed first. */
	public JsonArray sharedWithMe() {
		return array(get("/api/v1/shared-with-me"));
	}

	/** The folders other users share with you. */
	public JsonArray foldersSharedWithMe() {
		return array(get("/api/v1/shared-with-me/folders"));
	}

	/**
	 * Uploads a new version of the file with this id: yours, or one shared with you to
	 * edit. The content is sent as it is: a version from here is never end-to-end
	 * encrypted (only the owner can wrap a new version's key for the file's readers).
	 * @return the file as it is now
	 */
	public JsonObject uploadVersion(String fileId, HttpRequest.BodyPublisher content) {
		return object(this.connection.json(this.connection.request("/api/v1/files/" + encodePath(fileId) + "/content")
			.header("Content-Type", "application/octet-stream")
			.PUT(content)
			.build()));
	}

	/**
	 * As {@link #uploadVersion(String, HttpRequest.BodyPublisher)}, for content of a
	 * known length, sent over its own blocking connection.
	 */
	public JsonObject uploadVersion(String fileId, long length, ServerConnection.ContentWriter content) {
		return object(this.connection.json(this.connection.request("/api/v1/files/" + encodePath(fileId) + "/content")
			.header("Content-Type", "application/octet-stream")
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build(), length, content));
	}

	public JsonObject createLink(String fileId, JsonObject request) {
		return object(send("POST", "/api/v1/files/" + fileId + "/links", request));
	}

	public JsonObject createFolderLink(String folderId, JsonObject request) {
		return object(send("POST", "/api/v1/folders/" + encodePath(folderId) + "/links", request));
	}

	public JsonArray folderLinks(String folderId) {
		return array(get("/api/v1/folders/" + encodePath(folderId) + "/links"));
	}

	public void revokeFolderLink(String folderId, String linkId) {
		send("DELETE", "/api/v1/folders/" + encodePath(folderId) + "/links/" + encodePath(linkId), null);
	}

	public JsonArray links(String fileId) {
		return array(get("/api/v1/files/" + fileId + "/links"));
	}

	public void revokeLink(String fileId, String linkId) {
		send("DELETE", "/api/v1/files/" + fileId + "/links/" + encodePath(linkId), null);
	}

	public JsonObject createRequest(JsonObject request) {
		return object(send("POST", "/api/v1/requests", request));
	}

	public JsonArray received() {
		return array(get("/api/v1/received"));
	}

	/** Your public key for end-to-end encrypted files, if you registered one. */
	public Optional<JsonObject> ownPublicKey() {
		JsonArray keys = array(get("/api/v1/me/public-keys"));
		return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0).getAsJsonObject());
	}

	/** Registers your public key: its raw bytes in base64, and their SHA-256 in hex. */
	public JsonObject registerPublicKey(String algorithm, String publicKey, String fingerprint) {
		JsonObject body = new JsonObject();
		body.addProperty("algorithm", algorithm);
		body.addProperty("publicKey", publicKey);
		body.addProperty("fingerprint", fingerprint);
		return object(send("POST", "/api/v1/me/public-keys", body));
	}

	/**
	 * The public key of the user with this username or email address.
	 * @throws ServerProblemException (404) if there is no such user or they have none
	 */
	public JsonObject publicKeyOf(String user) {
		JsonArray keys = array(get("/api/v1/users/" + encodePath(user) + "/public-keys"));
		if (keys.isEmpty()) {
			throw new CofferException(ExitCodes.NOT_FOUND,
					user + " has no public key. They make one with: coffer keys init");
		}
		return keys.get(0).getAsJsonObject();
	}

	/**
	 * Your wrapped file key of version {@code version} of an end-to-end encrypted file.
	 */
	public JsonObject wrappedKey(String fileId, int version) {
		return object(get("/api/v1/files/" + encodePath(fileId) + "/versions/" + version + "/e2e-key"));
	}

	/**
	 * Stores the version's file key wrapped to {@code user}'s public key (owner only).
	 */
	public void putWrappedKey(String fileId, int version, String user, String wrappedKey) {
		JsonObject body = new JsonObject();
		body.addProperty("wrappedKey", wrappedKey);
		send("PUT", "/api/v1/files/" + encodePath(fileId) + "/versions/" + version + "/e2e-keys/" + encodePath(user),
				body);
	}

	/**
	 * The readers other than you that the file's keys are wrapped for, with their keys.
	 */
	public JsonArray endToEndRecipients(String fileId) {
		return array(get("/api/v1/files/" + encodePath(fileId) + "/e2e-recipients"));
	}

	/** Revokes the token this connection uses. */
	public void revokeOwnToken() {
		send("DELETE", "/api/v1/me/token", null);
	}

	private JsonElement get(String path) {
		return this.connection.json(this.connection.request(path).header("Accept", "application/json").GET().build());
	}

	private JsonElement send(String method, String path, JsonObject body) {
		HttpRequest.Builder request = this.connection.request(path).header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.connection.json(request.build());
	}

	private static JsonObject object(JsonElement element) {
		if (element == null || !element.isJsonObject()) {
			throw new CofferException(ExitCodes.SERVER_ERROR, "The server's answer is not what the client expected.");
		}
		return element.getAsJsonObject();
	}

	private static JsonArray array(JsonElement element) {
		if (element == null || !element.isJsonArray()) {
			throw new CofferException(ExitCodes.SERVER_ERROR, "The server's answer is not what the client expected.");
		}
		return element.getAsJsonArray();
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** A path segment: as a query value, but a space is %20, not +. */
	static String encodePath(String value) {
		return encode(value).replace("+", "%20");
	}

	/**
	 * A name or path as typed, in the form the server stores names in (Unicode NFC): one
	 * typed or pasted in another form (NFD, as macOS writes file names) is then found.
	 */
	public static String normalized(String name) {
		return Normalizer.normalize(name, Normalizer.Form.NFC);
	}

	/** A name in quotation marks, as every message shows one. */
	public static String quoted(String name) {
		return "\u201c" + name + "\u201d";
	}

}
