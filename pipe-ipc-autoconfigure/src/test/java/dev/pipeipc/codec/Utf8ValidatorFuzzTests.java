package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the UTF-8 validator against the JDK's strict decoder: both must accept and refuse the
 * same inputs, the prefix before the reported offset must be well-formed, and the message check
 * must agree with both. A plain build replays the seed corpus in
 * {@code Utf8ValidatorFuzzTestsInputs/agreesWithTheJdkDecoder} under the test resources.
 */
class Utf8ValidatorFuzzTests {

	private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void agreesWithTheJdkDecoder(byte[] input) {
		int index = Utf8Validator.indexOfInvalid(input);
		assertThat(index < 0).as("validator accepts").isEqualTo(jdkAccepts(input, input.length));
		assertThat(Utf8Validator.checkMessage(input) == null).as("message check accepts").isEqualTo(index < 0);
		if (index >= 0) {
			assertThat(jdkAccepts(input, index)).as("the bytes before offset %d are well-formed", index).isTrue();
			assertThat(Utf8Validator.indexOfInvalid(input, 0, index)).isEqualTo(-1);
		}
	}

	private boolean jdkAccepts(byte[] input, int length) {
		try {
			this.strict.reset().decode(ByteBuffer.wrap(input, 0, length));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
