package dev.coffer.server.tls;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.server.CofferProperties;

/**
 * A plain-HTTP port (8080 by default) that serves nothing but redirects to HTTPS, so that
 * {@code http://host:8080/} still reaches the server. The redirect happens in the first
 * filter, before any application code or session handling sees the request.
 * <p>
 * Whether there is such a port (TLS on, {@code coffer.tls.http-redirect-port} above 0) is
 * decided when the server starts, not by a condition on the beans: the launch with Spring
 * AOT fixes the bean definitions when the jar is built (docs/OPERATIONS.md, "Start-up").
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class HttpToHttpsRedirect {

	static boolean isWanted(CofferProperties coffer) {
		return coffer.tls().enabled() && coffer.tls().httpRedirectPort() > 0;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> httpConnector(CofferProperties coffer) {
		return (factory) -> {
			if (!isWanted(coffer)) {
				return;
			}
			Connector http = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
			http.setScheme("http");
			http.setSecure(false);
			http.setPort(coffer.tls().httpRedirectPort());
			factory.addAdditionalConnectors(http);
		};
	}

	@Bean
	FilterRegistrationBean<RedirectFilter> httpsRedirectFilter(CofferProperties coffer, ServerProperties server) {
		int httpsPort = (server.getPort() != null) ? server.getPort() : 8443;
		FilterRegistrationBean<RedirectFilter> registration = new FilterRegistrationBean<>(
				new RedirectFilter(httpsPort));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setEnabled(isWanted(coffer));
		return registration;
	}

	static final class RedirectFilter extends OncePerRequestFilter {

		private final int httpsPort;

		RedirectFilter(int httpsPort) {
			this.httpsPort = httpsPort;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (request.isSecure()) {
				chain.doFilter(request, response);
				return;
			}
			String port = (this.httpsPort == 443) ? "" : ":" + this.httpsPort;
			String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
			String target = "https://" + request.getServerName() + port + request.getRequestURI() + query;
			boolean safe = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
			// 308 keeps the method and body of a POST; browsers will then ask for HTTPS
			// directly.
			response.setStatus(safe ? HttpServletResponse.SC_MOVED_PERMANENTLY : 308);
			response.setHeader("Location", target);
		}

	}

}
