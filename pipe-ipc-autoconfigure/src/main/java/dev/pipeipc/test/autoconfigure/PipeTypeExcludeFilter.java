package dev.pipeipc.test.autoconfigure;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.jackson.JacksonComponent;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;

import dev.pipeipc.annotation.PipeControllerAdvice;
import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.server.jsonrpc.PipeExceptionResolver;
import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.PipeHandlerValidator;

/**
 * What component scanning finds in a {@link PipeTest @PipeTest}: the named handler classes (every
 * class with {@link PipeHandler @PipeHandler} methods when none is named), what shapes how
 * handlers are called ({@link PipeControllerAdvice @PipeControllerAdvice} beans, argument and
 * exception resolvers, a handler validator), Jackson modules and components, and the types listed
 * in
 * {@code META-INF/spring/dev.pipeipc.test.autoconfigure.PipeTest.includes}.
 */
final class PipeTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<PipeTest> {

	private static final Class<?>[] NO_HANDLERS = {};

	private static final Set<Class<?>> KNOWN_INCLUDES;

	static {
		Set<Class<?>> includes = new LinkedHashSet<>();
		includes.add(JacksonComponent.class);
		includes.add(PipeControllerAdvice.class);
		includes.add(PipeHandlerArgumentResolver.class);
		includes.add(PipeExceptionResolver.class);
		includes.add(PipeHandlerValidator.class);
		try {
			includes.add(ClassUtils.forName("tools.jackson.databind.JacksonModule", null));
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// Not there: nothing to include.
		}
		KNOWN_INCLUDES = Collections.unmodifiableSet(includes);
	}

	private final Class<?>[] handlers;

	PipeTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.handlers = getAnnotation().getValue("handlers", Class[].class).orElse(NO_HANDLERS);
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return KNOWN_INCLUDES;
	}

	@Override
	protected Set<Class<?>> getComponentIncludes() {
		return new LinkedHashSet<>(Arrays.asList(this.handlers));
	}

	@Override
	protected boolean defaultInclude(MetadataReader metadataReader, MetadataReaderFactory metadataReaderFactory)
			throws IOException {
		if (super.defaultInclude(metadataReader, metadataReaderFactory)) {
			return true;
		}
		return ObjectUtils.isEmpty(this.handlers)
				&& metadataReader.getAnnotationMetadata().hasAnnotatedMethods(PipeHandler.class.getName());
	}

}
