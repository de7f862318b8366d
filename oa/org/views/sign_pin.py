"""The person's own 签发密码 page: set or change the six-digit PIN that confirms 签发."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from oa.org.forms import SignPinForm
from oa.org.services.sign_pin import set_sign_pin, window_minutes


def sign_pin_page(request):
    form = SignPinForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            set_sign_pin(person=request.user, password=data["password"], pin=data["pin"], pin_again=data["pin_again"])
        except ValidationError as error:
            for field, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(field, text)
            status = 400
        else:
            messages.success(request, "签发密码已保存。签发时输入这 6 位数字即可。")
            return redirect("sign-pin")
    return render(request, "registration/sign_pin.html", {"form": form, "minutes": window_minutes()}, status=status)
