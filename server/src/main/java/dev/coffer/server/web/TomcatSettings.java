package dev.coffer.server.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Answers {@code Expect: 100-continue} only when the application starts reading the body.
 * An upload refused from its headers alone (too large, not allowed, not signed in) then
 * gets its 4xx before the client sends a single byte of a possibly huge body. Errors that
 * Tomcat answers itself are reported by {@link ContainerErrorReport}.
 */
@Component
@ConditionalOnWebApplication
class TomcatSettings implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers((connector) -> connector.setProperty("continueResponseTiming", "onRead"));
		// The context is already in its host here: errors Tomcat answers itself get the
		// same shape as the application's.
		factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ContainerErrorReport.class.getName());
			}
		});
	}

}
