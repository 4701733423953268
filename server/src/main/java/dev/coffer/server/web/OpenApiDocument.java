package dev.coffer.server.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The header of the OpenAPI document served at {@code /api/v1/openapi.json} (springdoc
 * fills in the paths from the controllers). A copy is checked in as
 * {@code docs/openapi.json}; a test fails when the two differ, so the checked-in one
 * stays true. Every operation lists the errors it can answer ({@link OpenApiResponses},
 * {@link ProblemResponse}) and the success status it really gives.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

	@Bean
	OpenAPI cofferOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Coffer API")
				.version("v1")
				.description("Self-hosted, secure file sharing. Errors are RFC 9457 problem documents "
						+ "(application/problem+json). See docs/API.md.")
				.license(new License().name("Coffer")))
			.components(new Components().addSchemas(OpenApiResponses.PROBLEM, OpenApiResponses.problemSchema())
				.addSecuritySchemes("apiToken",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("A personal access token (coffer_pat_...) from the account page "
									+ "or `coffer-server token create USER`.")))
			.addSecurityItem(new SecurityRequirement().addList("apiToken"));
	}

	/** The errors of each operation, as problem documents. */
	@Bean
	OperationCustomizer problemResponses() {
		return new OpenApiResponses();
	}

}
