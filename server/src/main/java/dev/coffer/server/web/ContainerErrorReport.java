package dev.coffer.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.util.HtmlUtils;

/**
 * What Tomcat answers for an error it finds before the application sees the request (a
 * path that is not valid UTF-8, an encoded NUL or slash, a malformed header): the API's
 * problem document for {@code /api/} paths and JSON clients, else a short page. Replaces
 * Tomcat's own report, which names the server and is HTML even on the API. Installed as
 * the host's error report valve by {@link TomcatSettings}.
 */
public class ContainerErrorReport extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatusCode status = HttpStatusCode.valueOf(code);
		String detail = ErrorResponses.genericDetail(status);
		try {
			response.resetBuffer();
			if (ErrorResponses.wantsProblem(request)) {
				ErrorResponses.write(request, response, ErrorResponses.problem(status, detail));
			}
			else {
				response.setContentType(MediaType.TEXT_HTML_VALUE);
				response.setCharacterEncoding(StandardCharsets.UTF_8.name());
				response.getWriter().write(page(status, detail));
			}
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response is closed: nothing more to say.
		}
	}

	private static String page(HttpStatusCode status, String detail) {
		String heading = status.value() + " — " + ErrorResponses.title(status);
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(heading)
				+ " · Coffer</title></head><body><h1>" + HtmlUtils.htmlEscape(heading) + "</h1><p>"
				+ HtmlUtils.htmlEscape(detail) + "</p><p><a href=\"/\">Back to Coffer</a></p></body></html>";
	}

}
