package dev.coffer.server.files;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names of one ZIP's entries: each a relative path that extracts inside the folder it
 * is extracted to (no leading {@code /}, no {@code .} or {@code ..} segment, no
 * {@code \}, no control character), and unique even where the file system extracting it
 * ignores case: a name already taken gets a number before its extension, as
 * {@code report (2).pdf}. Files shared with the user may share a name; folders will bring
 * paths.
 */
final class ZipEntryNames {

	private final Set<String> taken = new HashSet<>();

	/** A safe name for {@code path} ({@code /} separates folders) no other entry has. */
	String add(String path) {
		List<String> segments = new ArrayList<>();
		for (String segment : path.split("/")) {
			String safe = safeSegment(segment);
			if (!safe.isEmpty()) {
				segments.add(safe);
			}
		}
		if (segments.isEmpty()) {
			segments.add("file");
		}
		String folder = String.join("/", segments.subList(0, segments.size() - 1));
		String name = segments.getLast();
		String candidate = join(folder, name);
		for (int number = 2; !this.taken.add(folded(candidate)); number++) {
			candidate = join(folder, numbered(name, number));
		}
		return candidate;
	}

	private static String safeSegment(String segment) {
		StringBuilder safe = new StringBuilder(segment.length());
		Normalizer.normalize(segment, Normalizer.Form.NFC).codePoints().forEach((c) -> {
			boolean unsafe = c == '\\' || Character.isISOControl(c);
			safe.appendCodePoint(unsafe ? '_' : c);
		});
		String result = safe.toString().strip();
		return (result.equals(".") || result.equals("..")) ? "_" : result;
	}

	private static String numbered(String name, int number) {
		int dot = name.lastIndexOf('.');
		if (dot <= 0) {
			return name + " (" + number + ")";
		}
		return name.substring(0, dot) + " (" + number + ")" + name.substring(dot);
	}

	private static String join(String folder, String name) {
		return folder.isEmpty() ? name : folder + "/" + name;
	}

	private static String folded(String path) {
		return path.toLowerCase(Locale.ROOT);
	}

}
