from base64 import b32decode

from django_otp.oath import totp


class Authenticator:
    """The authenticator app on the user's phone: RFC 6238 codes from the base32 secret it was given."""

    def __init__(self, secret_base32: str):
        self.key = b32decode(secret_base32)

    def code(self) -> str:
        return f"{totp(self.key):06d}"

    def wrong_code(self) -> str:
        """A code the server refuses: none of those of the previous, current or next time step."""
        accepted = {totp(self.key, drift=drift) for drift in (-1, 0, 1)}
        candidate = totp(self.key)
        while candidate in accepted:
            candidate = (candidate + 1) % 1_000_000
        return f"{candidate:06d}"
