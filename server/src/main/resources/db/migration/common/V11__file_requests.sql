-- Upload-only request links ("send me your files"): a public drop box into the owner's files.
-- Only the SHA-256 of the link's token is kept; the optional password as an Argon2id hash.
-- received_files/received_bytes count what the link has accepted so far; they are raised in the
-- same transaction that records the received files, so a rejected post changes neither.
create table file_requests (
	id             varchar(36)  not null,
	owner_id       varchar(36)  not null,
	token_hash     varchar(64)  not null,
	title          varchar(200) not null,
	expires_at     bigint,
	password_hash  varchar(255),
	max_files      int          not null,
	max_bytes      bigint       not null,
	received_files int          not null,
	received_bytes bigint       not null,
	revoked        boolean      not null,
	created_at     bigint       not null,
	constraint file_requests_pk primary key (id),
	constraint file_requests_token_hash_uk unique (token_hash),
	constraint file_requests_owner_fk foreign key (owner_id) references users (id) on delete cascade
);

create index file_requests_owner_ix on file_requests (owner_id, created_at);

-- Files that arrived through a request link, with what the sender typed (stored as typed,
-- always rendered escaped). The row goes with the file or with the request.
create table received_files (
	file_id      varchar(36)   not null,
	request_id   varchar(36)   not null,
	sender_name  varchar(100)  not null,
	sender_email varchar(254)  not null,
	message      varchar(2000),
	received_at  bigint        not null,
	constraint received_files_pk primary key (file_id),
	constraint received_files_file_fk foreign key (file_id) references files (id) on delete cascade,
	constraint received_files_request_fk foreign key (request_id) references file_requests (id) on delete cascade
);

create index received_files_request_ix on received_files (request_id, received_at);
