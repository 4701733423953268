package dev.coffer.server.tls;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;

/** Builds a ClientHello for a protocol version that modern clients no longer offer. */
final class LegacyClientHello {

	private LegacyClientHello() {
	}

	/** A TLS 1.1 ClientHello offering ECDHE CBC suites, P-256 and uncompressed points. */
	static byte[] tls11() {
		return clientHello(0x02, new int[] { 0xC009, 0xC013, 0xC00A, 0xC014, 0x002F, 0x0035 });
	}

	/**
	 * The same hand-made hello as TLS 1.2 with an AEAD suite: proves the builder is
	 * right.
	 */
	static byte[] tls12() {
		return clientHello(0x03, new int[] { 0xC02B, 0xC02F });
	}

	private static byte[] clientHello(int minorVersion, int[] suites) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(0x03);
		body.write(minorVersion); // client_version 3.2 = TLS 1.1, 3.3 = TLS 1.2
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		body.writeBytes(random);
		body.write(0); // session id length
		writeShort(body, suites.length * 2);
		for (int suite : suites) {
			writeShort(body, suite);
		}
		body.write(1); // compression methods
		body.write(0);
		ByteArrayOutputStream extensions = new ByteArrayOutputStream();
		writeShort(extensions, 0x000A); // supported_groups: secp256r1
		writeShort(extensions, 4);
		writeShort(extensions, 2);
		writeShort(extensions, 0x0017);
		writeShort(extensions, 0x000B); // ec_point_formats: uncompressed
		writeShort(extensions, 2);
		extensions.write(1);
		extensions.write(0);
		writeShort(extensions, 0x000D); // signature_algorithms: ecdsa_secp256r1_sha256,
										// rsa_pkcs1_sha256
		writeShort(extensions, 6);
		writeShort(extensions, 4);
		writeShort(extensions, 0x0403);
		writeShort(extensions, 0x0401);
		writeShort(body, extensions.size());
		body.writeBytes(extensions.toByteArray());

		ByteArrayOutputStream handshake = new ByteArrayOutputStream();
		handshake.write(1); // ClientHello
		handshake.write(0);
		writeShort(handshake, body.size());
		handshake.writeBytes(body.toByteArray());

		ByteArrayOutputStream record = new ByteArrayOutputStream();
		record.write(22); // handshake record
		record.write(0x03);
		record.write(0x01); // record version as clients send it for compatibility
		writeShort(record, handshake.size());
		record.writeBytes(handshake.toByteArray());
		return record.toByteArray();
	}

	private static void writeShort(ByteArrayOutputStream out, int value) {
		out.write((value >>> 8) & 0xFF);
		out.write(value & 0xFF);
	}

}
