package fr.accueil.domain.directory;

/** Where a site stands, in WGS84 degrees (as maps and the Base Adresse Nationale give them). */
public record GeoPoint(double latitude, double longitude) {
    /** The mean Earth radius (IUGG), enough for "which counter is nearer". */
    private static final double EARTH_RADIUS_KM = 6371.0088;

    public GeoPoint {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("latitude in [-90, 90] and longitude in [-180, 180] expected");
        }
    }

    /** The great-circle distance (haversine formula), in kilometres. */
    public double kilometresTo(GeoPoint other) {
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(latitude)) * Math.cos(Math.toRadians(other.latitude)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
