package io.asyncrl.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

class ConnectorOptionsTest {

    @Test
    void shouldGiveEveryOptionAUniqueKeyAndADescription() {
        assertEquals(ConnectorOptions.ALL.size(),
                ConnectorOptions.ALL.stream().map(ConfigOption::key).collect(Collectors.toSet()).size());
        for (ConfigOption<?> option : ConnectorOptions.ALL) {
            assertTrue(option.key().startsWith("asyncrl.kafka."), option.key());
            assertTrue(!option.description().getBlocks().isEmpty(), option.key());
        }
    }

    @Test
    void shouldListEveryOptionWithItsDefaultInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigOption<?> option : ConnectorOptions.ALL) {
            String defaultValue = option.hasDefaultValue() ? String.valueOf(option.defaultValue()) : "(none)";
            String row = "| `" + option.key() + "` | `" + defaultValue + "` |";
            assertTrue(readme.contains(row), "README.md has no row starting with: " + row);
        }
    }
}
