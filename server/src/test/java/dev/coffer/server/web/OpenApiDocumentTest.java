package dev.coffer.server.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app serves its OpenAPI document, it covers the files API, and
 * {@code docs/openapi.json} is exactly what the app serves. When the API changes, this
 * test writes the new document to {@code server/target/openapi.json}: review it and copy
 * it to {@code docs/}.
 */
class OpenApiDocumentTest {

	static final Path CHECKED_IN = Path.of("..", "docs", "openapi.json");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void servedDocument_coversTheApi_andMatchesTheCheckedInCopy() throws IOException {
		try (TestServer server = TestServer.start()) {
			HttpResponse<String> response = server.client().get("/api/v1/openapi.json", "Accept", "application/json");
			assertThat(response.statusCode()).isEqualTo(200);
			ObjectNode served = (ObjectNode) JSON.readTree(response.body());
			served.remove("servers"); // the test server's random port
			JsonNode paths = served.get("paths");
			assertThat(paths.propertyNames()).contains("/api/v1/files", "/api/v1/files/{id}",
					"/api/v1/files/{id}/content", "/api/v1/files/{id}/versions",
					"/api/v1/files/{id}/versions/{number}/content", "/api/v1/files/{id}/versions/{number}/restore",
					"/api/v1/files/names", "/api/v1/me");
			// Public links (sharing.links)
			assertThat(paths.propertyNames()).contains("/api/v1/files/{id}/links", "/api/v1/files/{id}/links/{linkId}");
			assertThat(served.at("/components/securitySchemes/apiToken/scheme").asString()).isEqualTo("bearer");

			String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
			Files.writeString(Path.of("target", "openapi.json"), pretty);
			assertThat(CHECKED_IN).as("docs/openapi.json (copy server/target/openapi.json there)").exists();
			JsonNode checkedIn = JSON.readTree(Files.readString(CHECKED_IN));
			assertThat(checkedIn).as("docs/openapi.json is out of date: copy server/target/openapi.json there")
				.isEqualTo(served);
		}
	}

}
