package dev.coffer.server.account;

/** What an account may do beyond its own files. */
public enum Role {

	USER, ADMIN

}
