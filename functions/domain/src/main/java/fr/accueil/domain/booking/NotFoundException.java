package fr.accueil.domain.booking;

/**
 * No such slot or appointment, or not for this management link: a wrong token reads as not found so a
 * guess learns nothing about which appointments exist.
 */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
