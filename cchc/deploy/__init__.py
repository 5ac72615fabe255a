"""Deployment: publishing a checked release into the served folder (publish), the nginx
configuration and its Content-Security-Policy (nginx_conf), and the checks a built folder passes
before it goes live (linkcheck). It sits above everything else: it builds and reads sites."""
