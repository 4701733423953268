package dev.coffer.server.sharing.requests;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request-link settings, under {@code coffer.requests.*}.
 *
 * @param minFillTime how long the public form must have been open before it is posted; a
 * faster post is taken for a bot and refused ("please try again"). Zero switches the
 * check off
 * @param postsPerHour form posts per client address (IPv6: /64) and hour, across all
 * request links; further posts get 429 with {@code Retry-After}. Password guesses are
 * limited as for every secret link ({@code coffer.secret-links.*}).
 */
@ConfigurationProperties("coffer.requests")
public record RequestsProperties(@DefaultValue("3s") Duration minFillTime, @DefaultValue("30") int postsPerHour) {

	public RequestsProperties {
		if (minFillTime.isNegative() || postsPerHour < 1) {
			throw new IllegalArgumentException("coffer.requests: min-fill-time must be >= 0, posts-per-hour >= 1");
		}
	}

}
