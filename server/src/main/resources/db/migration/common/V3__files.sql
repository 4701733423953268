-- Files, their versions, and the encrypted parts of each version's blob.
-- A version row holds the blob's data key, wrapped by the master key: deleting the row is what
-- makes the blob unreadable (crypto-shredding); the blob's objects are removed afterwards.

alter table users add quota_bytes bigint;

create table files (
	id                 varchar(36)  not null,
	owner_id           varchar(36)  not null,
	name               varchar(255) not null,
	current_version_id varchar(36),
	last_version       int          not null,
	created_at         bigint       not null,
	updated_at         bigint       not null,
	constraint files_pk primary key (id),
	constraint files_owner_name_uk unique (owner_id, name),
	constraint files_owner_fk foreign key (owner_id) references users (id) on delete cascade
);

create table file_versions (
	id            varchar(36) not null,
	file_id       varchar(36) not null,
	number        int         not null,
	size          bigint      not null,
	sha256        varchar(64) not null,
	blob_id       varchar(36) not null,
	wrapped_dek   varchar(700) not null,
	kek_id        bigint      not null,
	created_by    varchar(36),
	created_at    bigint      not null,
	constraint file_versions_pk primary key (id),
	constraint file_versions_number_uk unique (file_id, number),
	constraint file_versions_blob_uk unique (blob_id),
	constraint file_versions_file_fk foreign key (file_id) references files (id) on delete cascade
);

create table blob_parts (
	blob_id         varchar(36) not null,
	part_number     int         not null,
	plaintext_size  bigint      not null,
	ciphertext_size bigint      not null,
	constraint blob_parts_pk primary key (blob_id, part_number),
	constraint blob_parts_version_fk foreign key (blob_id) references file_versions (blob_id) on delete cascade
);
