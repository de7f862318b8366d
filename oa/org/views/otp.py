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


def otp_verify(request):
    person = request.user
    if person.is_verified():
        return redirect(_next_url(request))
    if second_factor.confirmed_device(person) is None:
        return otp_enrol(request)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.second_factor_verify(request, person=person, code=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", "验证码不正确或已过期；多次错误后需等待片刻再试。")
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)})


def otp_enrol(request):
    person = request.user
    device = second_factor.pending_device(person)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.second_factor_enrol(request, person=person, code=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", "验证码不正确，请核对手机时间后重试。")
    qr_svg = segno.make(device.config_url, micro=False).svg_data_uri(scale=5)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "registration/otp_enrol.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _next_url(request)},
    )
