package dev.pipeipc.sample.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads an OpenRPC document as the {@code discover} and {@code call --help} commands print it:
 * methods with their params, result and errors, and JSON Schemas written as short type names
 * ({@code Order}, {@code array of Order}, {@code string (date-time)}, {@code "OPEN" | "CANCELLED"}).
 */
final class OpenRpcDocument {

	private static final List<String> CONSTRAINTS = List.of("minimum", "exclusiveMinimum", "maximum",
			"exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "minProperties",
			"maxProperties");

	private final JsonNode document;

	OpenRpcDocument(JsonNode document) {
		this.document = document;
	}

	/**
	 * The methods, each as its name and params: {@code orders.find(item, minQuantity?)}.
	 */
	List<String> methodSignatures() {
		List<String> signatures = new ArrayList<>();
		for (JsonNode method : this.document.path("methods")) {
			List<String> params = new ArrayList<>();
			for (JsonNode param : method.path("params")) {
				params.add(param.path("name").asString() + (param.path("required").asBoolean(false) ? "" : "?"));
			}
			signatures.add(method.path("name").asString() + "(" + String.join(", ", params) + ")");
		}
		return signatures;
	}

	/**
	 * The whole document, described line by line.
	 */
	List<String> describe() {
		List<String> lines = new ArrayList<>();
		JsonNode info = this.document.path("info");
		int count = this.document.path("methods").size();
		lines.add(info.path("title").asString() + " " + info.path("version").asString() + ": " + count
				+ ((count == 1) ? " method" : " methods"));
		for (JsonNode method : this.document.path("methods")) {
			lines.add("");
			List<String> params = new ArrayList<>();
			for (JsonNode param : method.path("params")) {
				params.add(param.path("name").asString() + (param.path("required").asBoolean(false) ? "" : "?") + ": "
						+ type(param.path("schema")));
			}
			lines.add(method.path("name").asString() + "(" + String.join(", ", params) + ") -> "
					+ type(method.path("result").path("schema"))
					+ (method.path("deprecated").asBoolean(false) ? "  (deprecated)" : ""));
			List<String> errors = new ArrayList<>();
			for (JsonNode error : method.path("errors")) {
				JsonNode resolved = resolve(error);
				errors.add(resolved.path("code").asInt() + " " + resolved.path("message").asString());
			}
			if (!errors.isEmpty()) {
				lines.add("  errors: " + String.join(", ", errors));
			}
		}
		JsonNode schemas = this.document.path("components").path("schemas");
		if (!schemas.isEmpty()) {
			lines.add("");
			lines.add("Schemas:");
			for (Map.Entry<String, JsonNode> schema : schemas.properties()) {
				lines.add("  " + schema.getKey() + ": " + type(schema.getValue(), true));
			}
		}
		return lines;
	}

	private String type(JsonNode schema) {
		return type(schema, false);
	}

	/**
	 * A schema as a short type; objects by their shared name, or their properties when
	 * {@code expand}.
	 */
	private String type(JsonNode schema, boolean expand) {
		if (schema.has("$ref")) {
			String ref = schema.path("$ref").asString();
			return ref.substring(ref.lastIndexOf('/') + 1);
		}
		if (schema.has("allOf")) {
			List<String> parts = new ArrayList<>();
			schema.path("allOf").forEach((part) -> parts.add(type(part)));
			return String.join(" & ", parts) + constraints(schema);
		}
		if (schema.has("enum")) {
			List<String> values = new ArrayList<>();
			schema.path("enum").forEach((value) -> values.add(value.toString()));
			return String.join(" | ", values);
		}
		if (schema.has("const")) {
			return schema.path("const").toString();
		}
		JsonNode typeNode = schema.path("type");
		if (typeNode.isMissingNode()) {
			return "any";
		}
		String type = typeNode.isArray() ? String.join(" | ", typeNode.valueStream().map(JsonNode::asString).toList())
				: typeNode.asString();
		if (type.equals("array")) {
			return "array of " + type(schema.path("items")) + constraints(schema);
		}
		if (type.equals("object") && schema.has("additionalProperties") && !schema.has("properties")) {
			return "map of " + type(schema.path("additionalProperties")) + constraints(schema);
		}
		if (type.equals("object") && expand && schema.has("properties")) {
			List<String> required = schema.path("required").valueStream().map(JsonNode::asString).toList();
			List<String> properties = new ArrayList<>();
			for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
				properties.add(property.getKey() + (required.contains(property.getKey()) ? "" : "?") + ": "
						+ type(property.getValue()));
			}
			return "{" + String.join(", ", properties) + "}";
		}
		String format = schema.has("format") ? " (" + schema.path("format").asString() + ")" : "";
		return type + format + constraints(schema);
	}

	private static String constraints(JsonNode schema) {
		List<String> found = new ArrayList<>();
		for (String keyword : CONSTRAINTS) {
			if (schema.has(keyword)) {
				found.add(keyword + " " + schema.get(keyword));
			}
		}
		return found.isEmpty() ? "" : " [" + String.join(", ", found) + "]";
	}

	private JsonNode resolve(JsonNode node) {
		if (!node.has("$ref")) {
			return node;
		}
		String ref = node.path("$ref").asString();
		return ref.startsWith("#") ? this.document.at(ref.substring(1)) : node;
	}

}
