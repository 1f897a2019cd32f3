package chat.groups.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicIdsTest {

    @Test
    void randomIdsAreWellFormedAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = PublicIds.random();
            assertThat(PublicIds.isWellFormed(id)).as(id).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    /**
     * Every character of the alphabet is equally likely at every position: over 62,000 ids,
     * each character appears about 1,000 times per position (standard deviation about 31.5).
     * The bounds are six and a third of those either side, so a fair generator fails this about
     * once in five million runs; a biased pick (a byte modulo 62, without rejecting the top
     * values) makes the first eight characters appear about 1,211 times at every position, and
     * fails it on practically every run.
     */
    @Test
    void everyCharacterIsEquallyLikely() {
        int ids = 62_000;
        int[][] counts = new int[16][128];
        for (int i = 0; i < ids; i++) {
            String id = PublicIds.random();
            for (int position = 0; position < 16; position++) {
                counts[position][id.charAt(position)]++;
            }
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int position = 0; position < 16; position++) {
            for (char c : alphabet.toCharArray()) {
                assertThat(counts[position][c]).as("'%s' at position %d", c, position).isBetween(800, 1_200);
            }
        }
    }

    @Test
    void derivedIdsAreStableAndWellFormed() {
        assertThat(PublicIds.derived("seed")).isEqualTo(PublicIds.derived("seed"));
        assertThat(PublicIds.isWellFormed(PublicIds.derived("seed"))).isTrue();
        assertThat(PublicIds.derived("seed")).isNotEqualTo(PublicIds.derived("other"));
    }
}
