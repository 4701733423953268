-- Resumable uploads (the tus protocol, files.ResumableUploads): a file that arrives over several
-- requests, each encrypted as it arrives into the next part of a blob that no version references
-- yet. A row is the upload's state between requests, so any node can take the next request.
--
-- Who may go on with it: user_id, the signed-in user who started it. What it becomes: a new
-- version of file_id, or a new file named name in folder_id, of owner_id, whose quota it counts
-- against.
-- folder_id has no foreign key: a top folder need not have a row; completing checks it is there.
-- upload_length is what the client declared, upload_offset how many bytes its parts hold.
--
-- The blob's data key is wrapped by the master key ring and bound to blob_id, as a version's is
-- (the re-wrap job moves it after a rotation). The SHA-256 and CRC-32 of what arrived so far
-- (storage.ResumableDigest) hold up to 63 bytes of plaintext, so they are sealed like a TOTP
-- secret: digest_state encrypted under its own data key (digest_key, wrapped by digest_kek_id),
-- bound to "upload-digest:" + id. The orphan sweeper leaves the blob_id of a row here alone; the
-- expiry sweeper deletes rows past expires_at and their parts.
--
-- lease_token and lease_until: the request appending to the upload right now, if any. A second
-- request finds the lease held and is refused (409) rather than interleaved; a lease left by a
-- node that died ends at lease_until.
create table resumable_uploads (
	id              varchar(36)   not null,
	owner_id        varchar(36)   not null,
	user_id         varchar(36)   not null,
	file_id         varchar(36),
	folder_id       varchar(36),
	name            varchar(255),
	upload_length   bigint        not null,
	upload_offset   bigint        not null,
	part_count      int           not null,
	metadata        varchar(4000),
	expected_sha256 varchar(64),
	blob_id         varchar(36)   not null,
	wrapped_dek     varchar(700)  not null,
	kek_id          bigint        not null,
	digest_state    varchar(1000) not null,
	digest_key      varchar(700)  not null,
	digest_kek_id   bigint        not null,
	lease_token     varchar(36),
	lease_until     bigint,
	created_at      bigint        not null,
	expires_at      bigint        not null,
	constraint resumable_uploads_pk primary key (id),
	constraint resumable_uploads_blob_uk unique (blob_id),
	constraint resumable_uploads_owner_fk foreign key (owner_id) references users (id) on delete cascade,
	constraint resumable_uploads_user_fk foreign key (user_id) references users (id) on delete cascade,
	constraint resumable_uploads_file_fk foreign key (file_id) references files (id) on delete cascade
);

create index resumable_uploads_expiry_ix on resumable_uploads (expires_at);

-- The parts an upload's requests stored so far; they become the blob's blob_parts rows when the
-- upload completes.
create table resumable_upload_parts (
	upload_id       varchar(36) not null,
	part_number     int         not null,
	plaintext_size  bigint      not null,
	ciphertext_size bigint      not null,
	constraint resumable_upload_parts_pk primary key (upload_id, part_number),
	constraint resumable_upload_parts_upload_fk foreign key (upload_id) references resumable_uploads (id)
		on delete cascade
);
