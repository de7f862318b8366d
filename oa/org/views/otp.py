"""Second factor pages: enrol a phone authenticator, or enter today's code."""

import base64

import segno
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from oa.org.forms import OtpCodeForm
from oa.org.services import second_factor


def _next_url(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else "/"


def _submit(request, form, attempt, wrong: str) -> tuple[bool, int]:
    """(True, 200) when the code is accepted; otherwise the form says why, with the page's status
    (429 while the second factor is locked after too many wrong codes)."""
    try:
        if attempt(request, person=request.user, code=form.cleaned_data["code"]):
            return True, 200
    except second_factor.SecondFactorLockedOut as locked:
        form.add_error("code", str(locked))
        return False, 429
    form.add_error("code", wrong)
    return False, 200


def otp_verify(request):
    person = request.user
    if person.is_verified():
        return redirect(_next_url(request))
    if second_factor.confirmed_device(person) is None:
        return otp_enrol(request)
    form = OtpCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = _submit(request, form, second_factor.second_factor_verify, "验证码不正确或已过期；多次错误后需等待片刻再试。")
        if done:
            return redirect(_next_url(request))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)}, status=status)


def otp_enrol(request):
    person = request.user
    device = second_factor.pending_device(person)
    form = OtpCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = _submit(request, form, second_factor.second_factor_enrol, "验证码不正确，请核对手机时间后重试。")
        if done:
            return redirect(_next_url(request))
    qr_svg = segno.make(device.config_url, micro=False).svg_data_uri(scale=5)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "registration/otp_enrol.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _next_url(request)},
        status=status,
    )
