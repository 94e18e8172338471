package dev.pipeipc.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains pipe properties whose values are out of range: each property, its value, where it was
 * set and what it may be.
 */
class InvalidPipePropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPipePropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPipePropertiesException cause) {
		StringBuilder description = new StringBuilder("The pipe configuration has values out of their range:\n");
		cause.getInvalidValues()
			.forEach((invalid) -> description.append("\n    - ").append(invalid.describe()).append('.'));
		return new FailureAnalysis(description.toString(), "Change each property listed above to a value in its"
				+ " range, or remove it to use its default.", cause);
	}

}
