package dev.coffer.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Shows "N failed attempts since your last login" ({@link LoginThrottleFilter#NOTICE}) on
 * the first page rendered after sign-in, then never again. Redirects (such as {@code /}
 * to {@code /files}) pass it on instead of using it up.
 */
@Configuration(proxyBeanMethods = false)
class LoginNotice implements WebMvcConfigurer, HandlerInterceptor {

	/** Model attribute read by the layout's flash fragment. */
	static final String MODEL_ATTRIBUTE = "loginNotice";

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView page) {
		if (page == null || (page.getViewName() != null && page.getViewName().startsWith("redirect:"))) {
			return;
		}
		HttpSession session = request.getSession(false);
		Object notice = (session != null) ? session.getAttribute(LoginThrottleFilter.NOTICE) : null;
		if (notice != null) {
			session.removeAttribute(LoginThrottleFilter.NOTICE);
			page.addObject(MODEL_ATTRIBUTE, notice);
		}
	}

}
