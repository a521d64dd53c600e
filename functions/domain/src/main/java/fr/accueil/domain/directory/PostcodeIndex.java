package fr.accueil.domain.directory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which territory of a regional number serves a postcode (docs/voice.md, How a call is routed). Each territory file
 * declares its areas: whole postcodes ({@code 57070}) or départements ({@code 57}; {@code 974} overseas, whose
 * postcodes start with three digits). A postcode goes to the most precise area declared: a territory may serve a
 * département but one of its postcodes another territory. One area is claimed by one territory only.
 *
 * @param territoryByArea the area ({@code 57}, {@code 974}, {@code 57070}) and the territory serving it
 */
public record PostcodeIndex(Map<String, String> territoryByArea) {
    /** A postcode of an existing département, or a département: two digits in metropolitan France, three overseas. */
    private static final Pattern AREA = Pattern.compile("(0[1-9]|[1-8][0-9]|9[0-5])([0-9]{3})?|(97|98)[0-9]([0-9]{2})?");
    private static final Pattern POSTCODE = Pattern.compile("[0-9]{5}");

    public PostcodeIndex {
        territoryByArea = Map.copyOf(territoryByArea);
    }

    /** Whether a territory file may declare the text as an area it serves. */
    public static boolean isArea(String text) {
        return text != null && AREA.matcher(text).matches();
    }

    /** The territory serving a keyed postcode: the postcode's own entry, else its département's; empty when none. */
    public Optional<String> territoryOf(String postcode) {
        if (postcode == null || !POSTCODE.matcher(postcode).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(territoryByArea.get(postcode))
                .or(() -> Optional.ofNullable(territoryByArea.get(postcode.substring(0, 3))))
                .or(() -> Optional.ofNullable(territoryByArea.get(postcode.substring(0, 2))));
    }

    /** The areas a territory serves, in order. */
    public List<String> areasOf(String territoryId) {
        return new TreeMap<>(territoryByArea).entrySet().stream().filter(entry -> entry.getValue().equals(territoryId))
                .map(Map.Entry::getKey).toList();
    }
}
