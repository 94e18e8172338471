package dev.pipeipc.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The validator against the JDK's strict UTF-8 decoder on every one- and two-byte input, every
 * lead byte of three and four bytes with every second byte and the boundary values of the rest,
 * and against named cases: the overlong bypasses of the security issue, surrogates, the largest
 * code point and the first one past it, truncated sequences and stray continuation bytes, each at
 * every offset from 0 to 17 of a longer ASCII run, so the eight-byte fast path meets
 * them at every alignment.
 */
class Utf8ValidatorTests {

	/** Third and fourth bytes that sit on the edges of the continuation range. */
	private static final int[] EDGE_BYTES = { 0x00, 0x41, 0x7F, 0x80, 0x81, 0xBF, 0xC0, 0xFF };

	private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	@Test
	void everyOneByteInputIsJudgedAsTheJdkDecoderJudgesIt() {
		for (int b = 0; b < 256; b++) {
			assertAgreesWithJdk(new byte[] { (byte) b });
		}
	}

	@Test
	void everyTwoByteInputIsJudgedAsTheJdkDecoderJudgesIt() {
		for (int first = 0; first < 256; first++) {
			for (int second = 0; second < 256; second++) {
				assertAgreesWithJdk(new byte[] { (byte) first, (byte) second });
			}
		}
	}

	@Test
	void threeByteInputsOfEveryLeadAndSecondByteAreJudgedAsTheJdkDecoderJudgesThem() {
		for (int lead = 0xE0; lead <= 0xEF; lead++) {
			for (int second = 0; second < 256; second++) {
				for (int third : EDGE_BYTES) {
					assertAgreesWithJdk(new byte[] { (byte) lead, (byte) second, (byte) third });
				}
			}
		}
	}

	@Test
	void fourByteInputsOfEveryLeadAndSecondByteAreJudgedAsTheJdkDecoderJudgesThem() {
		for (int lead = 0xF0; lead <= 0xFF; lead++) {
			for (int second = 0; second < 256; second++) {
				for (int third : EDGE_BYTES) {
					for (int fourth : EDGE_BYTES) {
						assertAgreesWithJdk(new byte[] { (byte) lead, (byte) second, (byte) third, (byte) fourth });
					}
				}
			}
		}
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			overlong a of the issue's "\\xC1\\xA1dd"  | c1a16464
			overlong e of the issue's "m\\xC1\\xA5thod" | c1a5
			overlong NUL                                  | c080
			overlong three-byte slash                       | e080af
			largest overlong three-byte form              | e09fbf
			overlong four-byte U+FFFF                     | f08fbfbf
			first surrogate U+D800                        | eda080
			last surrogate U+DFFF                         | edbfbf
			first code point past U+10FFFF                | f4908080
			lead byte F5                                  | f5808080
			byte FF                                       | ff
			stray continuation byte                       | 80
			two-byte sequence cut short                   | c3
			three-byte sequence cut short                 | e282
			four-byte sequence cut short                  | f09f98
			ASCII where a continuation belongs            | e241ac
			""")
	void illFormedSequenceIsFoundAtEveryOffsetOfAnAsciiRun(String description, String hex) {
		byte[] bad = HexFormat.of().parseHex(hex);
		for (int offset = 0; offset <= 17; offset++) {
			byte[] input = new byte[offset + bad.length + 9];
			Arrays.fill(input, (byte) 'x');
			System.arraycopy(bad, 0, input, offset, bad.length);
			assertThat(Utf8Validator.indexOfInvalid(input)).as("%s at offset %d", description, offset)
				.isEqualTo(offset);
		}
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			ASCII                           | 7b226d6574686f64223a2261646422 7d
			largest two-byte U+07FF         | dfbf
			smallest three-byte U+0800      | e0a080
			last before surrogates U+D7FF   | ed9fbf
			first after surrogates U+E000   | ee8080
			U+FFFF                          | efbfbf
			smallest four-byte U+10000      | f0908080
			largest code point U+10FFFF     | f48fbfbf
			mixed scripts and an emoji      | 4772c3bc c39f652c20e4b896e7958c20f09f918b
			""")
	void wellFormedSequenceIsAccepted(String description, String hex) {
		byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
		assertThat(Utf8Validator.isValid(bytes)).as(description).isTrue();
	}

	@Test
	void issueExamplesAreRefusedWithASentenceNamingOffsetAndBytes() {
		assertThat(Utf8Validator.checkMessage(bytes("\"\\xC1\\xA1dd\"")))
			.isEqualTo("Message is not valid UTF-8: the bytes at offset 1 (C1 A1 64 64 ...) do not start a "
					+ "well-formed sequence");
		assertThat(Utf8Validator.checkMessage(bytes("{\"m\\xC1\\xA5thod\":\"add\"}")))
			.startsWith("Message is not valid UTF-8: the bytes at offset 3 (C1 A5 74 68 ...)");
		assertThat(Utf8Validator.checkMessage(bytes("abc\\xE2\\x82"))).isEqualTo(
				"Message is not valid UTF-8: the bytes at offset 3 (E2 82) do not start a well-formed sequence");
	}

	@Test
	void wellFormedMessageHasNothingToReport() {
		assertThat(Utf8Validator.checkMessage("{\"jsonrpc\":\"2.0\",\"method\":\"grüße\"}"
			.getBytes(StandardCharsets.UTF_8))).isNull();
		assertThat(Utf8Validator.checkMessage(new byte[0])).isNull();
	}

	@Test
	void rangeIsCheckedWithinItsBoundsOnly() {
		byte[] bytes = HexFormat.of().parseHex("ff41e282ac41ff");
		assertThat(Utf8Validator.indexOfInvalid(bytes, 1, 6)).isEqualTo(-1);
		assertThat(Utf8Validator.indexOfInvalid(bytes, 1, 4)).isEqualTo(2);
		assertThat(Utf8Validator.indexOfInvalid(bytes, 1, 7)).isEqualTo(6);
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> Utf8Validator.indexOfInvalid(bytes, 2, 8));
	}

	private void assertAgreesWithJdk(byte[] input) {
		assertThat(Utf8Validator.isValid(input)).as("%s", HexFormat.of().formatHex(input))
			.isEqualTo(jdkAccepts(input));
	}

	private boolean jdkAccepts(byte[] input) {
		try {
			this.strict.reset().decode(ByteBuffer.wrap(input));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	/**
	 * ASCII text in which {@code \xNN} stands for one byte.
	 */
	private static byte[] bytes(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < text.length(); i++) {
			if (text.startsWith("\\x", i)) {
				out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
				i += 3;
			}
			else {
				out.write(text.charAt(i));
			}
		}
		return out.toByteArray();
	}

}
