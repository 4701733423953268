package dev.coffer.server;

import java.lang.annotation.Annotation;
import java.security.Principal;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.coffer.server.account.AccountService;
import dev.coffer.server.account.CurrentUser;

import static com.tngtech.archunit.lang.conditions.ArchConditions.have;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layout of DESIGN.md §1, checked on the compiled server classes: features
 * never form a cycle, and the shared packages ({@code security}, {@code web},
 * {@code operator}) never import a feature. A shared package that needs something from a
 * feature owns a small interface that the feature implements.
 */
class ArchitectureTest {

	static final String[] FEATURES = { "dev.coffer.server.account..", "dev.coffer.server.files..",
			"dev.coffer.server.sharing..", "dev.coffer.server.audit..", "dev.coffer.server.keys..",
			"dev.coffer.server.storage..", "dev.coffer.server.mfa..", "dev.coffer.server.passkey..",
			"dev.coffer.server.token..", "dev.coffer.server.throttle..", "dev.coffer.server.admin..",
			"dev.coffer.server.dav.." };

	static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			// Spring AOT's generated bean definitions (Foo__BeanDefinitions) are not
			// ours.
			.withImportOption((location) -> !location.contains("__"))
			.importPackages("dev.coffer.server");
	}

	@Test
	void topLevelPackages_haveNoCycles() {
		slices().matching("dev.coffer.server.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void subPackages_haveNoCycles() {
		slices().matching("dev.coffer.server.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void sharedPackages_neverImportAFeature() {
		noClasses().that()
			.resideInAnyPackage("dev.coffer.server.security..", "dev.coffer.server.web..",
					"dev.coffer.server.operator..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FEATURES)
			.check(classes);
	}

	/**
	 * Domain exceptions become statuses and pages in one place (web.ErrorResponses and
	 * its two handlers), not in controllers of their own.
	 */
	@Test
	void exceptionHandlers_liveOnlyInWeb() {
		noMethods().that()
			.areDeclaredInClassesThat()
			.resideOutsideOfPackage("dev.coffer.server.web..")
			.should()
			.beAnnotatedWith(ExceptionHandler.class)
			.check(classes);
	}

	/**
	 * The caller's user id comes from one place, the {@link CurrentUser} parameter
	 * resolved once per request, not from a lookup by name in each controller.
	 */
	@Test
	void controllersOutsideAccount_takeTheCurrentUser_neverLookUpTheCallerByName() {
		noClasses().that()
			.resideOutsideOfPackage("dev.coffer.server.account..")
			.and()
			.haveSimpleNameEndingWith("Controller")
			.should()
			.callMethod(AccountService.class, "get", String.class)
			.check(classes);
	}

	/**
	 * Controllers take the {@link CurrentUser}, not a {@link Principal} to look up by
	 * name. The check is on that exact type: the second sign-in step
	 * ({@code mfa.SecondFactorController}) takes Spring Security's
	 * {@code Authentication}, which it must mark as passed.
	 */
	@Test
	void controllersOutsideSecurity_neverTakeAPrincipal() {
		noMethods().that()
			.areDeclaredInClassesThat()
			.areMetaAnnotatedWith(Controller.class)
			.and()
			.areDeclaredInClassesThat()
			.resideOutsideOfPackage("dev.coffer.server.security..")
			.should(have(DescribedPredicate.describe("a java.security.Principal parameter",
					(JavaMethod method) -> method.getRawParameterTypes()
						.stream()
						.anyMatch((type) -> type.isEquivalentTo(Principal.class)))))
			.check(classes);
	}

	/**
	 * The server runs with the bean definitions Spring AOT generated when the jar was
	 * built, which fixes every condition on a bean at that moment: a setting must be read
	 * when the server starts, never decide whether a bean exists (docs/OPERATIONS.md,
	 * "Start-up").
	 */
	@Test
	void beans_neverDependOnSettingsOrProfiles() {
		for (Class<? extends Annotation> condition : List.of(ConditionalOnProperty.class,
				ConditionalOnBooleanProperty.class, ConditionalOnExpression.class, Profile.class)) {
			noClasses().should().beAnnotatedWith(condition).check(classes);
			noMethods().should().beAnnotatedWith(condition).check(classes);
		}
	}

}
