package dev.coffer.server.audit;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;

/**
 * Makes Spring Security publish its authorization denials (by default it keeps them to
 * itself), so that {@link AuditListeners} can record them.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuthorizationEventPublisher authorizationEventPublisher(ApplicationEventPublisher events) {
		return new SpringAuthorizationEventPublisher(events);
	}

}
