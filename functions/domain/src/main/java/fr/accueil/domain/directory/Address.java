package fr.accueil.domain.directory;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/** A postal address in France (including overseas). */
public record Address(String street, String postcode, String city) {
    public Address {
        Objects.requireNonNull(street, "street");
        Objects.requireNonNull(postcode, "postcode");
        Objects.requireNonNull(city, "city");
    }

    /** The département code: 2 digits, "2A"/"2B" for Corsica, or 3 digits overseas (971…976). */
    public String departement() {
        if (postcode.startsWith("97") || postcode.startsWith("98")) {
            return postcode.substring(0, 3);
        }
        if (postcode.startsWith("20")) {
            // Corsica: 200xx and 201xx are Corse-du-Sud, 202xx and above Haute-Corse.
            return postcode.compareTo("20200") < 0 ? "2A" : "2B";
        }
        return postcode.substring(0, 2);
    }

    /** The key of this address's commune, as {@link #communeKey(String)} writes it. */
    public String communeKey() {
        return communeKey(city);
    }

    /**
     * A commune's name as citizens may type it: without accents, case nor punctuation, so « Rohrbach-lès-Bitche »,
     * « rohrbach les bitche » and « ROHRBACH LES BITCHE » are one key ("rohrbach les bitche"). Empty when the
     * name has no letter or digit.
     */
    public static String communeKey(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }

    public String oneLine() {
        return street + ", " + postcode + " " + city;
    }
}
