"""收文: the receiving side of official documents — deliveries, their steps, circulation (传阅),
deadlines and supervision (电子监察). Laid out like 发文 in `documents`: permissions, selectors,
services, views, api, urls, todo; its models belong to the `documents` app."""
