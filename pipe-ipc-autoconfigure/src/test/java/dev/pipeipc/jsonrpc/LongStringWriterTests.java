package dev.pipeipc.jsonrpc;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LongStringWriter}: what it writes is what the mapper writes, byte for byte, and it
 * writes only long strings of plain ASCII with a mapper that writes them as they are. In the
 * strings below, {@code L} stands for a long plain string.
 */
class LongStringWriterTests {

	private static final String LONG = "x/".repeat(LongStringWriter.MIN_LENGTH / 2);

	@ParameterizedTest
	@ValueSource(strings = { "L", "L\"", "\\L", "L\n", "L\u007f", "L\u00e9", "L\u20ac", "L\ud83d\ude00", "L\ud83d",
			"L\ude00?", "?L?", "L\u0000" })
	void stringIsWrittenAsTheMapperWritesIt(String template) {
		String text = template.replace("L", LONG);
		for (ObjectMapper mapper : new ObjectMapper[] { JsonMapper.builder().build(),
				JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build(),
				JsonMapper.builder().disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build(),
				JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build() }) {
			assertThat(new String(written(mapper, text))).isEqualTo(new String(mapper.writeValueAsBytes(new Object[] { text })));
		}
	}

	@Test
	void longPlainStringIsWrittenAsItsBytes() {
		JsonMapper mapper = JsonMapper.builder().disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();
		LongStringWriter writer = new LongStringWriter(mapper, mapper.writer());
		assertThat(writer.isEnabled()).isTrue();
		assertThat(writer.plainBytes(LONG)).isNotNull();
		assertThat(writer.plainBytes(LONG.substring(1))).isNull();
		assertThat(writer.plainBytes(LONG + "\u00e9")).isNull();
		assertThat(writer.plainBytes(new StringBuilder(LONG))).isNull();
	}

	@Test
	void slashIsLeftToTheMapperWhenItEscapesIt() {
		JsonMapper mapper = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();
		LongStringWriter writer = new LongStringWriter(mapper, mapper.writer());
		assertThat(writer.plainBytes(LONG)).isNull();
		assertThat(writer.plainBytes("x".repeat(LongStringWriter.MIN_LENGTH))).isNotNull();
	}

	@Test
	void mapperWithItsOwnStringSerializerWritesEveryString() {
		SimpleModule module = new SimpleModule().addSerializer(String.class, new ValueSerializer<String>() {

			@Override
			public void serialize(String value, JsonGenerator generator, SerializationContext context) {
				generator.writeString(value.toUpperCase());
			}

		});
		JsonMapper mapper = JsonMapper.builder().addModule(module).build();
		LongStringWriter writer = new LongStringWriter(mapper, mapper.writer());
		assertThat(writer.isEnabled()).isFalse();
		assertThat(new String(written(mapper, LONG))).isEqualTo(new String(mapper.writeValueAsBytes(new Object[] { LONG })));
	}

	/**
	 * Finding out how the mapper writes strings is Jackson's first serialization: it happens when
	 * the first long string comes, not when the writer is made at the application's startup.
	 */
	@Test
	void mapperIsAskedHowItWritesStringsOnlyWhenTheFirstLongStringComes() {
		AtomicInteger generators = new AtomicInteger();
		CharacterEscapes escapes = new CharacterEscapes() {

			@Override
			public int[] getEscapeCodesForAscii() {
				generators.incrementAndGet();
				return standardAsciiEscapesForJSON();
			}

			@Override
			public @Nullable SerializableString getEscapeSequence(int ch) {
				return null;
			}

		};
		JsonMapper mapper = JsonMapper.builder().disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();
		LongStringWriter writer = new LongStringWriter(mapper, mapper.writer().with(escapes));
		assertThat(writer.plainBytes("short")).isNull();
		assertThat(generators).as("generators made before the first long string").hasValue(0);
		assertThat(writer.plainBytes(LONG)).isNotNull();
		assertThat(generators).as("generators made to find out how strings are written").hasPositiveValue();
		assertThat(writer.isEnabled()).isTrue();
	}

	private static byte[] written(ObjectMapper mapper, String text) {
		LongStringWriter writer = new LongStringWriter(mapper, mapper.writer());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			generator.writeStartArray();
			if (!writer.write(generator, text)) {
				generator.writePOJO(text);
			}
			generator.writeEndArray();
		}
		return out.toByteArray();
	}

}
