-- Passkeys (WebAuthn): the tables of Spring Security's JdbcPublicKeyCredentialUserEntityRepository
-- and JdbcUserCredentialRepository (its user-entities-schema.sql and user-credentials-schema.sql),
-- in one file per database because the byte-array type differs: blob (H2, MariaDB/MySQL), bytea
-- (PostgreSQL). Changes from Spring's schema, the same in every vendor's file:
-- * user_entities.name is the Coffer username: unique, and removed with the account;
-- * a credential belongs to its user entity and is removed with it; an index for "a user's passkeys";
-- * credential_id holds the base64url of up to 1023 bytes (the WebAuthn maximum): 1400 characters.
-- Times are Spring's TIMESTAMP columns (written and read by Spring's repository, not by Coffer);
-- here datetime(6), as a MariaDB/MySQL timestamp column may update itself on every UPDATE and ends
-- in 2038. The base64url ids are ASCII, which keeps their keys within InnoDB's 3072-byte limit.
create table user_entities (
	id           varchar(1000) character set ascii not null,
	name         varchar(100)  not null,
	display_name varchar(200),
	constraint user_entities_pk primary key (id),
	constraint user_entities_name_uk unique (name),
	constraint user_entities_user_fk foreign key (name) references users (username) on delete cascade
) engine=InnoDB row_format=dynamic;

create table user_credentials (
	credential_id                varchar(1400) character set ascii not null,
	user_entity_user_id          varchar(1000) character set ascii not null,
	public_key                   blob          not null,
	signature_count              bigint,
	uv_initialized               boolean,
	backup_eligible              boolean       not null,
	authenticator_transports     varchar(1000),
	public_key_credential_type   varchar(100),
	backup_state                 boolean       not null,
	attestation_object           blob,
	attestation_client_data_json blob,
	created                      datetime(6),
	last_used                    datetime(6),
	label                        varchar(1000) not null,
	constraint user_credentials_pk primary key (credential_id),
	constraint user_credentials_entity_fk foreign key (user_entity_user_id) references user_entities (id)
		on delete cascade
) engine=InnoDB row_format=dynamic;

create index user_credentials_user_ix on user_credentials (user_entity_user_id);
