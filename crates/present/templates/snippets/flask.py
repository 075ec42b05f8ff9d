{% if not interim and not no_response %}
from flask import Flask, Response

app = Flask(__name__)


@app.route("/example", methods=[{{ method|py_string }}])
def example():
    headers = {
{% for h in headers %}
        {{ h.0|py_string }}: {{ h.1|py_string }},
{% endfor %}
    }
{% if body %}
    return Response({{ body|py_string }}, status={{ code }}, headers=headers,
                    content_type={{ content_type|py_string }})
{% else %}
    # A {{ code }} carries no content.
    return Response(status={{ code }}, headers=headers)
{% endif %}
{% endif %}
