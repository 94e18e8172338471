package dev.pipeipc.autoconfigure;

import dev.pipeipc.jsonrpc.JsonReadLimits;

/**
 * Limits of the JSON parser, per message, for a server ({@code pipe.server.json.*}) or a client
 * ({@code pipe.clients.<id>.json.*}). A server answers a message past one with a parse error
 * (-32700) without an id; a client drops such an answer with a warning. The message size is
 * bounded by 'max-message-size'. Defaults are Jackson's ({@link JsonReadLimits#DEFAULTS}).
 */
public class PipeJsonProperties {

	/**
	 * Most arrays and objects open at once in one message.
	 */
	private int maxNestingDepth = JsonReadLimits.DEFAULTS.maxNestingDepth();

	/**
	 * Most characters of one number (an id included).
	 */
	private int maxNumberLength = JsonReadLimits.DEFAULTS.maxNumberLength();

	/**
	 * Most characters of one string value.
	 */
	private int maxStringLength = JsonReadLimits.DEFAULTS.maxStringLength();

	/**
	 * Most characters of one property name.
	 */
	private int maxNameLength = JsonReadLimits.DEFAULTS.maxNameLength();

	public int getMaxNestingDepth() {
		return this.maxNestingDepth;
	}

	public void setMaxNestingDepth(int maxNestingDepth) {
		this.maxNestingDepth = maxNestingDepth;
	}

	public int getMaxNumberLength() {
		return this.maxNumberLength;
	}

	public void setMaxNumberLength(int maxNumberLength) {
		this.maxNumberLength = maxNumberLength;
	}

	public int getMaxStringLength() {
		return this.maxStringLength;
	}

	public void setMaxStringLength(int maxStringLength) {
		this.maxStringLength = maxStringLength;
	}

	public int getMaxNameLength() {
		return this.maxNameLength;
	}

	public void setMaxNameLength(int maxNameLength) {
		this.maxNameLength = maxNameLength;
	}

	/**
	 * These settings as the parser's limits.
	 * @return the limits
	 */
	public JsonReadLimits toLimits() {
		return new JsonReadLimits(this.maxNestingDepth, this.maxNumberLength, this.maxStringLength,
				this.maxNameLength);
	}

}
