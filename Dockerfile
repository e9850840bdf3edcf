# dvarchive in a container: builds the site mounted at /site into /site/public.
#   docker build -t dvarchive .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" dvarchive
# Arguments replace the command: docker run … dvarchive check /site
FROM python:3.12-slim

COPY . /opt/dvarchive
RUN pip install --no-cache-dir /opt/dvarchive

WORKDIR /site
ENTRYPOINT ["dvarchive"]
CMD ["build", "/site"]
