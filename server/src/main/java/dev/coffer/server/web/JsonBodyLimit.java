package dev.coffer.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.server.PayloadTooLargeException;

/**
 * Refuses a JSON request body over {@link #MAX_BYTES} with 413: at once if its
 * {@code Content-Length} says so, else when the body reaches the limit while it is read.
 * JSON is read whole into memory before anything checks its fields, so without a limit a
 * client could make the server hold hundreds of megabytes for one comment of at most
 * 2,000 characters. The largest body the API takes (1,000 ids for a ZIP, a move or a
 * delete) is about 40 KiB. File content never comes as JSON.
 */
class JsonBodyLimit extends OncePerRequestFilter {

	static final int MAX_BYTES = 1024 * 1024;

	private static final String TOO_LARGE = "A JSON request body can be at most 1 MiB.";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return true;
		}
		try {
			MediaType media = MediaType.parseMediaType(type);
			return !(MediaType.APPLICATION_JSON.isCompatibleWith(media) || media.getSubtype().endsWith("+json"));
		}
		catch (IllegalArgumentException ex) {
			return true; // not JSON either: whoever reads it refuses the type
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BYTES) {
			request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new PayloadTooLargeException(TOO_LARGE));
			response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			return;
		}
		chain.doFilter(new LimitedBody(request), response);
	}

	/** The request with a body that ends in a 413 where it passes the limit. */
	private static final class LimitedBody extends HttpServletRequestWrapper {

		private ServletInputStream limited;

		LimitedBody(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.limited == null) {
				this.limited = new LimitedStream(super.getInputStream());
			}
			return this.limited;
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream body;

		private long read;

		LimitedStream(ServletInputStream body) {
			this.body = body;
		}

		@Override
		public int read() throws IOException {
			int value = this.body.read();
			if (value >= 0) {
				count(1);
			}
			return value;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.body.read(buffer, offset, length);
			if (count > 0) {
				count(count);
			}
			return count;
		}

		private void count(int bytes) {
			this.read += bytes;
			if (this.read > MAX_BYTES) {
				throw new PayloadTooLargeException(TOO_LARGE);
			}
		}

		@Override
		public boolean isFinished() {
			return this.body.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.body.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.body.setReadListener(listener);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	static class Registration {

		@Bean
		FilterRegistrationBean<JsonBodyLimit> jsonBodyLimit() {
			FilterRegistrationBean<JsonBodyLimit> registration = new FilterRegistrationBean<>(new JsonBodyLimit());
			registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 2);
			return registration;
		}

	}

}
