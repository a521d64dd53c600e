package fr.accueil.domain.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ManagementTokenTest {

    @Test
    void aTokenIsUrlSafeAndCarriesAtLeast128RandomBits() {
        ManagementToken.Issued one = ManagementToken.issue();
        ManagementToken.Issued two = ManagementToken.issue();

        assertTrue(one.token().matches("[A-Za-z0-9_-]+"), one.token());
        assertTrue(Base64.getUrlDecoder().decode(one.token()).length * 8 >= 128);
        assertNotEquals(one.token(), two.token());
        assertFalse(one.toString().contains(one.token()), "the token never reaches a log");
    }

    @Test
    void onlyTheSha256HashIsKept() {
        ManagementToken.Issued issued = ManagementToken.issue();
        assertNotEquals(issued.token(), issued.hash());
        assertEquals(ManagementToken.hash(issued.token()), issued.hash());
        // SHA-256("abc"), the FIPS 180-2 test vector, in URL-safe base64.
        assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", ManagementToken.hash("abc"));
    }

    @Test
    void verifiesOnlyTheIssuedToken() {
        ManagementToken.Issued issued = ManagementToken.issue();

        assertTrue(ManagementToken.verify(issued.token(), issued.hash()));
        assertFalse(ManagementToken.verify(ManagementToken.issue().token(), issued.hash()));
        assertFalse(ManagementToken.verify(issued.hash(), issued.hash()), "the hash is not a key");
        assertFalse(ManagementToken.verify(null, issued.hash()));
        assertFalse(ManagementToken.verify(issued.token(), null));
        assertFalse(ManagementToken.verify(issued.token(), "pas du base64 !"));
        assertFalse(ManagementToken.verify("", issued.hash()));
    }
}
