package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void shouldCountATranspositionAsOneEdit() {
        assertEquals(1, Suggestions.distance("gruop_size", "group_size"));
    }

    @Test
    void shouldSuggestACloseCandidate() {
        assertEquals(Optional.of("qwen2.5-7b"), Suggestions.closest("qwen-7b", List.of("qwen2.5-1.5b", "qwen2.5-7b", "llama-3.1-8b")));
    }

    @Test
    void shouldPreferACandidateThatExtendsATruncatedName() {
        assertEquals(Optional.of("h800-sxm"), Suggestions.closest("h800", List.of("h100-sxm", "h800-sxm", "b200")));
    }

    @Test
    void shouldNotSuggestAFarCandidate() {
        assertEquals(Optional.empty(), Suggestions.closest("eta", List.of("kind", "group_size", "steps")));
        assertEquals("", Suggestions.didYouMean("xy", List.of("tp")));
    }
}
