package dev.coffer.server.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.coffer.server.InvalidInputException;

/**
 * Ids in API paths ({@code {id}}, {@code {linkId}}, {@code {commentId}}) are UUIDs, which
 * are case-insensitive (RFC 9562): an upper-case one is read as the lower-case one the
 * server made, before any controller sees it. Anything else is not an id: a 400 naming
 * the variable, unless the path is a fixed route for other methods ({@code GET
 * /api/v1/files/zip}, which is POST only), which is a 405 with {@code Allow}, as every
 * other wrong method is.
 */
@Configuration(proxyBeanMethods = false)
class ApiPathIds implements WebMvcConfigurer, HandlerInterceptor {

	private static final Set<String> ID_VARIABLES = Set.of("id", "linkId", "commentId");

	/** What stands for the caller's top folder where a folder id is taken. */
	private static final String TOP_FOLDER = "root";

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final ObjectProvider<RequestMappingHandlerMapping> mappings;

	ApiPathIds(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
		this.mappings = mappings;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/api/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws HttpRequestMethodNotSupportedException {
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (!(handler instanceof HandlerMethod) || variables == null) {
			return true;
		}
		Map<String, String> read = new LinkedHashMap<>(variables);
		for (Map.Entry<String, String> variable : read.entrySet()) {
			String value = variable.getValue();
			if (!ID_VARIABLES.contains(variable.getKey()) || TOP_FOLDER.equals(value)) {
				continue;
			}
			if (!UUID.matcher(value).matches()) {
				refuse(request, variable.getKey());
			}
			variable.setValue(value.toLowerCase(Locale.ROOT));
		}
		request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, read);
		return true;
	}

	private void refuse(HttpServletRequest request, String variable) throws HttpRequestMethodNotSupportedException {
		Set<String> allowed = methodsOfFixedRoute(request.getRequestURI().substring(request.getContextPath().length()));
		if (!allowed.isEmpty()) {
			throw new HttpRequestMethodNotSupportedException(request.getMethod(), allowed);
		}
		throw new InvalidInputException(variable, "\"" + variable
				+ "\" in the address is not an id. Ids look like 1c9e6f2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b.");
	}

	/** The methods of the routes with no variable whose path is {@code path}. */
	private Set<String> methodsOfFixedRoute(String path) {
		Set<String> methods = new TreeSet<>();
		RequestMappingHandlerMapping mapping = this.mappings.getIfAvailable();
		if (mapping == null) {
			return methods;
		}
		for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
			if (info.getDirectPaths().contains(path)) {
				info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).forEach(methods::add);
			}
		}
		return methods;
	}

}
