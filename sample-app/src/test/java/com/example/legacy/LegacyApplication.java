package com.example.legacy;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The raw-protocol server of docs/windows.md, run by {@code LegacyHandlerTests}.
 */
@SpringBootApplication
public class LegacyApplication {

}
