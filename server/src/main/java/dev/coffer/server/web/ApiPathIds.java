package dev.coffer.server.web;

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

/**
 * Ids in API paths ({@code {id}}, {@code {linkId}}, {@code {commentId}}) are UUIDs. A path
 * whose id is no UUID but is a fixed route for other methods ({@code GET
 * /api/v1/files/zip}, which is POST only, reaches {@code GET /api/v1/files/{id}}) is a
 * 405 with {@code Allow}, as every other wrong method is, rather than a 404 for a file
 * named "zip".
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
		for (Map.Entry<String, String> variable : variables.entrySet()) {
			String value = variable.getValue();
			if (ID_VARIABLES.contains(variable.getKey()) && !TOP_FOLDER.equals(value)
					&& !UUID.matcher(value).matches()) {
				refuse(request);
			}
		}
		return true;
	}

	private void refuse(HttpServletRequest request) throws HttpRequestMethodNotSupportedException {
		Set<String> allowed = methodsOfFixedRoute(request.getRequestURI().substring(request.getContextPath().length()));
		if (!allowed.isEmpty()) {
			throw new HttpRequestMethodNotSupportedException(request.getMethod(), allowed);
		}
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
