"""Signing in: Django's LoginView behind a throttle, and a lockout that nobody can turn against
the person it protects.

django-axes counts failed sign-ins per username (from any address) and per client address (for
any username, the address the trusted proxy reports: project/throttling.py); five of either lock
that username or address for AXES_COOLOFF_TIME, counted from the fifth failure: attempts during
the lockout are refused without being counted, so they never extend it.

A lockout alone would let anyone lock anyone out. So the lockout page carries a proof-of-work
challenge (project/proof_of_work.py) that its script solves by itself in a second or two; a
sign-in that brings a solved challenge is exempt from the lockout (AXES_WHITELIST_CALLABLE) and,
failing, is not counted either. A person gets past with a pause; an attacker pays the work for
every guess, and every sign-in attempt from one address also counts against the `signin`
throttle, which bounds the password hashing anyone can make the server do.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from project.page_throttles import is_post, throttled
from project.proof_of_work import issue_challenge, redeem

PROOF_CHALLENGE = "proof_challenge"
PROOF_ANSWER = "proof_answer"
_SOLVED = "_corroborate_signin_proof_solved"


def proof_of_work_solved(request: HttpRequest, credentials: dict | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: the sign-in brings a solved, unused challenge. Checked once per
    request (axes asks more than once, and a challenge is redeemed only once)."""
    if not hasattr(request, _SOLVED):
        posted = request.POST if request.method == "POST" else {}
        challenge = posted.get(PROOF_CHALLENGE, "")
        solved = bool(challenge) and redeem(
            challenge, posted.get(PROOF_ANSWER, ""), bits=settings.SIGNIN_PROOF_OF_WORK_BITS
        )
        setattr(request, _SOLVED, solved)
    return getattr(request, _SOLVED)


def forget_own_failures(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """A user_logged_in receiver, in place of AXES_RESET_ON_SUCCESS: signing in forgets that
    person's own failed attempts only. (Axes would also forget every failure counted against
    the address, so an insider could sign in to their own account between guesses at others.)"""
    AccessAttempt.objects.filter(username=user.get_username()).delete()


def _proof_of_work() -> dict[str, object]:
    return {"proof_challenge": issue_challenge(), "proof_bits": settings.SIGNIN_PROOF_OF_WORK_BITS}


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the lockout page, with the sign-in form and a fresh challenge."""
    context = {
        "username": (credentials or {}).get("username", ""),
        "next": request.POST.get("next", ""),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        **_proof_of_work(),
    }
    return render(request, "registration/locked_out.html", context, status=429)


class SignInView(LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        # A wrong password sent past a lockout: the next try needs a new challenge.
        if self.request.method == "POST" and self.request.POST.get(PROOF_CHALLENGE):
            context.update(_proof_of_work())
        return context


sign_in = throttled("signin", when=is_post)(SignInView.as_view())
