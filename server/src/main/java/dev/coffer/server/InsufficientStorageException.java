package dev.coffer.server;

/**
 * The server ran out of storage space while writing a file's content (HTTP 507, as WebDAV
 * and S3 clients expect). Nothing of the write is kept.
 */
public class InsufficientStorageException extends DomainException {

	public InsufficientStorageException() {
		super("The server is out of storage space, so the file was not saved. Try again later,"
				+ " or tell the administrator that the storage is full.");
	}

}
