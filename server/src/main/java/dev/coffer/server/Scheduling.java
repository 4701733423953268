package dev.coffer.server;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Background jobs ({@code @Scheduled}) run in the server only: an operator command
 * ({@code user list}, {@code keys status}, ...) starts no scheduler, so none of them
 * starts work it would have to wait for or cut short at exit.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableScheduling
class Scheduling {

}
