package dev.coffer.server.files;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.ConflictException;
import dev.coffer.server.NotFoundException;

/**
 * Folders: create, rename, move, delete, and what the one access policy says about them
 * ({@link #access}). Every change takes the owner's row lock first
 * ({@link FileRepository#lockOwner}), then checks: names stay unique among a folder's
 * files and folders together, and a folder never moves into itself or below itself, also
 * when two moves run at once. Moving and renaming change one row whatever is inside. Only
 * the owner changes folders; a share lets its grantee see (READ) or also update the files
 * (EDIT) inside.
 */
@Service
public class FolderService {

	/** The id by which a user names their own root folder in URLs. */
	public static final String ROOT = "root";

	private static final int IDS_PER_STATEMENT = 1000;

	private final FolderRepository folders;

	private final FileRepository files;

	private final FileVersions versions;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final FileAudit audit;

	FolderService(FolderRepository folders, FileRepository files, FileVersions versions,
			TransactionTemplate transactions, Clock clock, FileAudit audit) {
		this.folders = folders;
		this.files = files;
		this.versions = versions;
		this.transactions = transactions;
		this.clock = clock;
		this.audit = audit;
	}

	/**
	 * The folder and what {@code userId} may do in it: everything in their own folders,
	 * what the nearest share on its path grants in someone else's. {@code root} (or the
	 * user's id) is the user's root folder. Never cached.
	 * @throws NotFoundException if the user may not see the folder, as if it did not
	 * exist
	 */
	public FolderAccess access(String userId, String folderId) {
		if (ROOT.equals(folderId) || userId.equals(folderId)) {
			return this.folders.findAccess(userId, userId)
				.or(() -> this.folders.unstoredRoot(userId).map((root) -> new FolderAccess(root, Permission.OWNER)))
				.orElseThrow(FolderService::noSuchFolder);
		}
		return this.folders.findAccess(userId, folderId).orElseThrow(FolderService::noSuchFolder);
	}

	/**
	 * The folder as a public link to folder {@code topId} reaches it, read only: if it is
	 * that folder or lies inside it, and nothing on its way up is in the trash. The same
	 * walk up as {@link #access} for a user, with the link in place of a share.
	 * @throws NotFoundException if the link does not reach it
	 */
	public FolderAccess accessWithin(String topId, String folderId) {
		return this.folders.findWithin(topId, folderId)
			.map((folder) -> new FolderAccess(folder, Permission.READ))
			.orElseThrow(FolderService::noSuchFolder);
	}

	/** The folders from the top the user may see down to this one (one query). */
	public List<Folder> path(String userId, FolderAccess access) {
		if (access.folder().isRoot()) {
			return List.of(access.folder());
		}
		List<FolderRepository.PathStep> steps = this.folders.path(userId, access.folder().id());
		int top = 0;
		if (!access.isOwner()) {
			// A grantee sees from the highest folder shared with them down, nothing
			// above.
			while (top < steps.size() && !steps.get(top).sharedWithUser()) {
				top++;
			}
		}
		return steps.subList(Math.min(top, steps.size()), steps.size())
			.stream()
			.map(FolderRepository.PathStep::folder)
			.toList();
	}

	/**
	 * The folders from the owner's top folder down to the one holding the file, for the
	 * owner's pages of it; none for anyone else, whose way to the file is "Shared with
	 * me".
	 */
	public List<Folder> pathTo(FileAccess file) {
		if (!file.isOwner()) {
			return List.of();
		}
		String owner = file.file().ownerId();
		return path(owner, access(owner, file.file().folderId()));
	}

	/**
	 * The folders from {@code topId} down to the one reached through a link to it (see
	 * {@link #accessWithin}): a link holder sees nothing above the linked folder.
	 */
	public List<Folder> pathWithin(String topId, FolderAccess access) {
		List<Folder> steps = this.folders.path(access.folder().ownerId(), access.folder().id())
			.stream()
			.map(FolderRepository.PathStep::folder)
			.toList();
		int top = 0;
		while (top < steps.size() - 1 && !steps.get(top).id().equals(topId)) {
			top++;
		}
		return steps.subList(top, steps.size());
	}

	/** A file's current version and its path inside a folder being downloaded. */
	public record FileBelow(String path, FileVersion version) {
	}

	/**
	 * What a folder being downloaded holds: its files, and the paths of every folder in
	 * it and below it (its own first, unless it is a top folder), so that those without
	 * files can be kept too.
	 */
	public record Below(List<FileBelow> files, List<String> folders) {
	}

	/**
	 * The current version of every file in the folder and below it, except what is in the
	 * trash, each with its path starting with the folder's own name (none for a top
	 * folder), in name order per folder, and the folders' paths: two queries per 1,000
	 * folders. The caller has checked the user may read the folder; that covers
	 * everything inside it.
	 */
	Below below(Folder folder) {
		List<FolderRepository.Node> nodes = this.folders.visibleSubtree(folder.id());
		Paths paths = new Paths(nodes, folder.id(), folder.isRoot() ? "" : folder.name());
		List<FileBelow> files = new ArrayList<>();
		for (List<String> chunk : chunks(nodes.stream().map(FolderRepository.Node::id).toList())) {
			for (FileRepository.CurrentVersion file : this.files.currentVersionsIn(chunk)) {
				files.add(new FileBelow(Paths.join(paths.of(file.folderId()), file.name()), file.version()));
			}
		}
		List<String> folderPaths = nodes.stream()
			.map((node) -> paths.of(node.id()))
			.filter((path) -> path != null && !path.isEmpty())
			.toList();
		return new Below(files, folderPaths);
	}

	/**
	 * Folder paths put together from rows of folders: a folder's path from the top folder
	 * given, names joined by "/", or null if its way up leaves the rows (a folder above
	 * it is in the trash). Each path is made once; a walk up is a loop, so any depth.
	 */
	private static final class Paths {

		private final Map<String, FolderRepository.Node> byId = new HashMap<>();

		private final Map<String, String> known = new HashMap<>();

		Paths(List<FolderRepository.Node> nodes, String topId, String topPath) {
			nodes.forEach((node) -> this.byId.put(node.id(), node));
			this.known.put(topId, topPath);
		}

		String of(String folderId) {
			Deque<FolderRepository.Node> down = new ArrayDeque<>();
			String id = folderId;
			while (!this.known.containsKey(id)) {
				FolderRepository.Node node = (id != null) ? this.byId.get(id) : null;
				if (node == null || down.size() > this.byId.size()) {
					return null;
				}
				down.push(node);
				id = node.parentId();
			}
			String path = this.known.get(id);
			while (!down.isEmpty()) {
				FolderRepository.Node node = down.pop();
				path = join(path, node.name());
				this.known.put(node.id(), path);
			}
			return path;
		}

		static String join(String path, String name) {
			return path.isEmpty() ? name : path + "/" + name;
		}

	}

	/** A folder to choose in a form, by its path from the top ("" for the top folder). */
	public record FolderChoice(String id, String path) {
	}

	/**
	 * Every folder of the owner outside the trash, by path in {@link FileNameOrder}, the
	 * top folder first: one query, paths put together here.
	 */
	public List<FolderChoice> choices(String ownerId) {
		List<FolderRepository.Node> nodes = this.folders.nodesOf(ownerId);
		Paths paths = new Paths(nodes, ownerId, "");
		List<FolderChoice> choices = new ArrayList<>();
		choices.add(new FolderChoice(ownerId, ""));
		for (FolderRepository.Node node : nodes) {
			String path = paths.of(node.id());
			if (node.parentId() != null && path != null) {
				choices.add(new FolderChoice(node.id(), path));
			}
		}
		choices.sort(Comparator.comparing(FolderChoice::path, new FileNameOrder()));
		return choices;
	}

	/** Makes a folder in one of the owner's folders. */
	public Folder create(String ownerId, String parentId, String name) {
		String validName = FileNames.requireValidFolderName(name);
		return changeNames(validName, () -> createLocked(ownerId, parentId, validName), ownerId);
	}

	/**
	 * Makes a folder, in a transaction that holds the owner's lock already.
	 * @param name a valid name
	 */
	Folder createLocked(String ownerId, String parentId, String name) {
		String parent = ownFolder(ownerId, parentId, "make folders here").id();
		requireFree(parent, name, null);
		String id = UUID.randomUUID().toString();
		this.folders.insert(id, ownerId, parent, name, this.clock.instant());
		this.audit.recordFolder("folder.created", id, name);
		return access(ownerId, id).folder();
	}

	/**
	 * Renames and/or moves one of the owner's folders (a null parent or name keeps the
	 * one it has). One row changes, however much is inside.
	 * @throws ConflictException for the root, a name taken in the destination, or a
	 * destination inside the folder itself
	 */
	public Folder move(String ownerId, String folderId, String parentId, String name) {
		String validName = (name != null) ? FileNames.requireValidFolderName(name) : null;
		Folder moved = changeNames(validName, () -> {
			Folder folder = ownFolder(ownerId, folderId, "move or rename this folder");
			if (folder.isRoot()) {
				throw new ConflictException("Your top folder cannot be moved or renamed.");
			}
			String parent = (parentId != null) ? ownFolder(ownerId, parentId, "move folders here").id()
					: folder.parentId();
			String newName = (validName != null) ? validName : folder.name();
			// Under the owner's lock, so a concurrent move cannot make a cycle after
			// this.
			if (this.folders.isWithin(parent, folder.id())) {
				throw new ConflictException("A folder cannot be moved into itself or into a folder inside it.");
			}
			requireFree(parent, newName, folder.id());
			this.folders.move(ownerId, folder.id(), parent, newName, this.clock.instant());
			return access(ownerId, folder.id()).folder();
		}, ownerId);
		this.audit.recordFolder("folder.moved", folderId, moved.name() + " in " + moved.parentId());
		return moved;
	}

	/**
	 * Deletes one of the owner's folders with everything inside for good, not through the
	 * trash: see {@link Trash} for what users' deletes do.
	 * @return the folder as it was
	 */
	public Folder delete(String ownerId, String folderId) {
		Folder folder = this.transactions.execute((status) -> {
			this.files.lockOwner(ownerId);
			Folder own = ownFolder(ownerId, folderId, "delete this folder");
			if (own.isRoot()) {
				throw new ConflictException("Your top folder cannot be deleted.");
			}
			return own;
		});
		shred(ownerId, folder.id(), folder.name());
		return folder;
	}

	/**
	 * Deletes a folder (never a root), in the trash or not, with everything inside, in
	 * one transaction: each file's versions and wrapped data keys go (crypto-shredding,
	 * as {@link FileService#shred}), their blobs after the commit.
	 * @param name its name, for the audit log
	 */
	void shred(String ownerId, String folderId, String name) {
		Deleted deleted = this.transactions.execute((status) -> {
			this.files.lockOwner(ownerId);
			List<String> ids = this.folders.subtree(folderId).stream().map(FolderRepository.Member::id).toList();
			int fileVersions = 0;
			for (List<String> chunk : chunks(ids)) {
				List<FileVersion> inside = this.files.versionsInFolders(chunk);
				fileVersions += inside.size();
				this.versions.deleteContentAfterCommit(inside);
				this.files.deleteInFolders(ownerId, chunk);
			}
			for (List<String> chunk : chunks(ids)) {
				this.folders.delete(chunk);
			}
			return new Deleted(ids.size(), fileVersions);
		});
		this.audit.recordFolder("folder.deleted", folderId,
				name + ", " + deleted.folders() + " folder(s), " + deleted.versions() + " file version(s)");
	}

	private record Deleted(int folders, int versions) {
	}

	/**
	 * Refuses a name that a file or folder in {@code folderId} has already, other than
	 * {@code self} (the thing being renamed). Call under the owner's lock.
	 */
	void requireFree(String folderId, String name, String self) {
		String file = this.files.findIdByName(folderId, name).orElse(self);
		String folder = this.folders.findIdByName(folderId, name).orElse(self);
		if ((file != null && !file.equals(self)) || (folder != null && !folder.equals(self))) {
			throw nameTaken(name);
		}
	}

	/**
	 * Whether a folder in {@code folderId} has this name. Call under the owner's lock.
	 */
	boolean isFolderNamed(String folderId, String name) {
		return this.folders.findIdByName(folderId, name).isPresent();
	}

	/** The owner's own folder (OWNER permission), as found under their lock. */
	private Folder ownFolder(String ownerId, String folderId, String action) {
		return access(ownerId, folderId).require(Permission.OWNER, action).folder();
	}

	/** Runs a change of names in a transaction that takes the owner's lock first. */
	private <T> T changeNames(String name, Supplier<T> change, String ownerId) {
		try {
			return this.transactions.execute((status) -> {
				this.files.lockOwner(ownerId);
				return change.get();
			});
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken(name);
		}
	}

	static ConflictException nameTaken(String name) {
		return new ConflictException((name != null) ? "There is already a file or folder named \"" + name + "\" here."
				: "That name is taken.");
	}

	static NotFoundException noSuchFolder() {
		return new NotFoundException("There is no such folder.");
	}

	private static List<List<String>> chunks(List<String> ids) {
		List<List<String>> chunks = new ArrayList<>();
		for (int i = 0; i < ids.size(); i += IDS_PER_STATEMENT) {
			chunks.add(ids.subList(i, Math.min(ids.size(), i + IDS_PER_STATEMENT)));
		}
		return chunks;
	}

}
